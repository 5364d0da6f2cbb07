/**
 * The HTTP layer: undici underneath, one connection pool per origin (an undici Agent keeps one Pool
 * per origin), and a request helper that returns status, headers and a body stream. Request bodies
 * are factories so a request can be sent again by the retry layer; nothing here retries, follows
 * redirects or authenticates: those are the layers above.
 */
import { Readable } from 'node:stream'
import { Agent, type Dispatcher } from 'undici'

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
}

/** Default User-Agent sent with every request. */
export const DEFAULT_USER_AGENT = 'oci-model-action'

/** HttpClient sends single requests over a shared undici dispatcher. */
export class HttpClient {
  private readonly dispatcher: Dispatcher
  private readonly owned: boolean
  private readonly userAgent: string

  constructor(opts: HttpClientOptions = {}) {
    this.owned = !opts.dispatcher
    this.dispatcher =
      opts.dispatcher ??
      new Agent({
        keepAliveTimeout: 30_000,
        // Large uploads: the registry may take a while to answer after the last byte (it hashes and
        // moves the blob), so the header timeout is generous; an idle body still fails in 5 minutes.
        headersTimeout: 600_000,
        bodyTimeout: 300_000,
        connections: 16
      })
    this.userAgent = opts.userAgent ?? DEFAULT_USER_AGENT
  }

  /** Sends one request and returns the response without looking at its status. */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const body = req.body ? await req.body() : undefined
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...req.headers }
    try {
      const res = await this.dispatcher.request({
        origin: req.url.origin,
        path: `${req.url.pathname}${req.url.search}`,
        method: req.method as Dispatcher.HttpMethod,
        headers,
        body: body ?? null,
        signal: req.signal
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
      throw e
    }
  }

  /** Closes the connection pools this client created (an injected dispatcher is left open). */
  async close(): Promise<void> {
    if (this.owned) await this.dispatcher.close()
  }
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
