/**
 * The HTTP layer: undici underneath, one connection pool per origin (an undici Agent keeps one Pool
 * per origin), and a request helper that returns status, headers and a body stream. Request bodies
 * are factories so a request can be sent again by the retry layer; nothing here retries, follows
 * redirects or authenticates: those are the layers above.
 */
import { Readable, Transform, type TransformCallback } from 'node:stream'
import type { Dispatcher } from 'undici'
// The connection pool and the request API, not undici's index: the index also loads fetch,
// WebSocket, the cache and cookie code (which touches globalThis.Headers and so loads Node's own
// copy of undici). That is ~15 MiB of memory and ~20 ms of every start-up, for nothing this client
// uses. (The index is also what puts `request` on Dispatcher.prototype: it is called here instead.)
import Agent from 'undici/lib/dispatcher/agent.js'
import dispatcherRequest from 'undici/lib/api/api-request.js'
import { OciError } from '../errors.js'
import { paceGarbage } from '../garbage-pacer.js'

/**
 * Makes a fresh request body. Called once per attempt, so a retried upload re-opens its file instead
 * of re-reading a stream that was already consumed.
 */
export type BodyFactory = () => Readable | Buffer | Promise<Readable | Buffer>

/** One HTTP request. */
export interface HttpRequest {
  method: string
  url: URL
  headers?: Record<string, string>
  body?: BodyFactory
  signal?: AbortSignal
  /**
   * How long the answer may take once the request is sent: 'idle' (the idle timeout) or 'finish'
   * (the finish timeout, for a registry that hashes or moves a large blob first). Default: 'finish'
   * with a streamed body (a blob), 'idle' without a body or with a small in-memory one (manifests,
   * token requests).
   */
  wait?: 'idle' | 'finish'
}

/** One HTTP response. The body must be consumed or discarded, or the connection is not reused. */
export interface HttpResponse {
  status: number
  /** Lower-case header names; repeated headers joined by ", " except where noted. */
  headers: Record<string, string>
  /** Every value of `WWW-Authenticate` (one per header line). */
  challenges: string[]
  body: Readable
  url: URL
}

/** Options of the HTTP layer. */
export interface HttpClientOptions {
  /** Use this dispatcher (e.g. a MockAgent in tests); the client then does not own or close it. */
  dispatcher?: Dispatcher
  userAgent?: string
  /**
   * A connection that sends or accepts nothing for this long is given up (and the retry layer
   * sends again): no response headers to a request without a body, a response body that stops
   * arriving, a request body the server stops reading. Default 60 s.
   */
  idleTimeoutMs?: number
  /**
   * Time the registry may take to answer once a request body was sent in full (it hashes and
   * moves a large blob before answering). Default 10 minutes.
   */
  finishTimeoutMs?: number
}

/** Default idle timeout of a connection (see HttpClientOptions.idleTimeoutMs). */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000
/** Default wait for an answer after a request body (see HttpClientOptions.finishTimeoutMs). */
export const DEFAULT_FINISH_TIMEOUT_MS = 600_000

/** The code of StalledError, listed among the retryable network failures of the retry policy. */
export const STALLED = 'ESTALLED'

/** StalledError: a request body that the server stopped reading for longer than the idle timeout. */
export class StalledError extends OciError {
  readonly code = STALLED
}

/** Default User-Agent sent with every request. */
export const DEFAULT_USER_AGENT = 'oci-model-action'

/** HttpClient sends single requests over a shared undici dispatcher. */
export class HttpClient {
  private readonly dispatcher: Dispatcher
  private readonly owned: boolean
  private readonly userAgent: string
  private readonly idleMs: number
  private readonly finishMs: number

  constructor(opts: HttpClientOptions = {}) {
    this.owned = !opts.dispatcher
    this.idleMs = opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS
    this.finishMs = Math.max(this.idleMs, opts.finishTimeoutMs ?? DEFAULT_FINISH_TIMEOUT_MS)
    this.dispatcher =
      opts.dispatcher ??
      new Agent({
        keepAliveTimeout: 30_000,
        headersTimeout: this.finishMs,
        bodyTimeout: this.idleMs,
        connections: 16
      })
    this.userAgent = opts.userAgent ?? DEFAULT_USER_AGENT
  }

  /**
   * Sends one request and returns the response without looking at its status. Every request is
   * bounded: undici's header timeout (which starts once the body is sent) and body timeout (idle
   * time between chunks of the response), and a watchdog on the request body.
   */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const made = req.body ? await req.body() : undefined
    const body = made instanceof Readable ? guardIdle(made, this.idleMs) : made
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...req.headers }
    try {
      const res = await dispatcherRequest.call(this.dispatcher, {
        origin: req.url.origin,
        path: `${req.url.pathname}${req.url.search}`,
        method: req.method as Dispatcher.HttpMethod,
        headers,
        body: body ?? null,
        signal: req.signal,
        headersTimeout:
          (req.wait ?? (made instanceof Readable ? 'finish' : 'idle')) === 'idle'
            ? this.idleMs
            : this.finishMs,
        bodyTimeout: this.idleMs
      })
      return {
        status: res.statusCode,
        headers: flattenHeaders(res.headers),
        challenges: listHeader(res.headers['www-authenticate']),
        body: res.body,
        url: req.url
      }
    } catch (e) {
      if (body instanceof Readable) body.destroy()
      if (made instanceof Readable) made.destroy()
      throw e
    }
  }

  /** Closes the connection pools this client created (an injected dispatcher is left open). */
  async close(): Promise<void> {
    if (this.owned) await this.dispatcher.close()
  }
}

/**
 * Passes a request body through a watchdog: when no chunk moves for `ms` (the server stopped
 * reading, so back-pressure stopped the body), the body fails with a StalledError, which aborts the
 * request; the retry layer then decides. The source is destroyed with it (a file is closed).
 */
export function guardIdle(source: Readable, ms: number): Readable {
  let timer: NodeJS.Timeout | undefined
  const guard: Transform = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      arm()
      // Every request body (a blob upload) passes here: its read Buffers are the garbage to pace.
      paceGarbage(chunk.length)
      done(null, chunk)
    },
    flush(done: TransformCallback) {
      clearTimeout(timer)
      done()
    },
    destroy(err, done) {
      clearTimeout(timer)
      source.destroy()
      done(err)
    }
  })
  const arm = (): void => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      guard.destroy(
        new StalledError(`the request body did not move for ${ms} ms; the connection stalled`)
      )
    }, ms)
    timer.unref()
  }
  source.on('error', e => guard.destroy(e))
  // undici listens while it sends; a timer firing after the request ended (a server that answered
  // before reading the whole body) must not become an unhandled 'error'.
  guard.on('error', () => {})
  arm()
  return source.pipe(guard)
}

/** Reads and drops a response body (bounded) so its connection can be reused. */
export async function discardBody(res: HttpResponse): Promise<void> {
  const body = res.body as Readable & { dump?: (opts?: { limit: number }) => Promise<void> }
  try {
    if (typeof body.dump === 'function') await body.dump({ limit: 64 * 1024 })
    else body.destroy()
  } catch {
    // A body that fails while being dropped changes nothing for the caller.
  }
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
  }
  return out
}

function listHeader(v: string | string[] | undefined): string[] {
  if (v === undefined) return []
  return Array.isArray(v) ? v : [v]
}
