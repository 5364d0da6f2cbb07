/**
 * The one retry policy of the client, as data: which failures are transient, how long to wait
 * between attempts (exponential backoff with jitter, or the server's Retry-After), and when to give
 * up. Every layer that retries (single requests, a whole upload session) uses `withRetry` with it.
 */
import type { Logger } from '../logger.js'
import { silentLogger } from '../logger.js'
import { RegistryResponseError, redactUrl } from '../errors.js'
import { discardBody, type HttpClient, type HttpRequest, type HttpResponse } from './http.js'

/** When and how to retry. */
export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  maxAttempts: number
  /** No new attempt starts after this much time since the first one. */
  maxElapsedMs: number
  /** Delay before the second attempt; doubled for each further one. */
  baseDelayMs: number
  /** Upper bound of one backoff delay; a Retry-After above it ends the retries at once. */
  maxDelayMs: number
  /** Share of each delay that is randomised (0 = none, 1 = "full jitter"). */
  jitter: number
  /** Statuses worth another attempt (RFC 9110: timeouts, overload, gateway failures). */
  retryStatuses: readonly number[]
  /** Error codes (Node/undici) of network failures worth another attempt. */
  retryErrorCodes: readonly string[]
  sleep: (ms: number) => Promise<void>
  now: () => number
  random: () => number
}

/** The default policy: 5 attempts within 2 minutes, 0.5 s doubling to at most 30 s, half jittered. */
export function defaultRetryPolicy(): RetryPolicy {
  return {
    maxAttempts: 5,
    maxElapsedMs: 120_000,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
    jitter: 0.5,
    retryStatuses: [408, 429, 500, 502, 503, 504],
    retryErrorCodes: [
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      'EAI_AGAIN',
      'ENETUNREACH',
      'EHOSTUNREACH',
      'UND_ERR_SOCKET',
      'UND_ERR_CONNECT_TIMEOUT',
      'UND_ERR_HEADERS_TIMEOUT',
      'UND_ERR_BODY_TIMEOUT',
      'UND_ERR_CLOSED',
      'ESTALLED'
    ],
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    now: () => Date.now(),
    random: Math.random
  }
}

/** The default policy with some fields replaced. */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { ...defaultRetryPolicy(), ...overrides }
}

/**
 * Parses `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Returns milliseconds to
 * wait (0 for a date in the past), or undefined when the header is absent or malformed.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined
  const v = value.trim()
  if (/^\d+$/.test(v)) return Number(v) * 1000
  const at = Date.parse(v)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now)
}

/** Delay before attempt `attempt + 1` (attempt counts from 1): backoff, jittered, capped. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  const jitter = Math.min(1, Math.max(0, policy.jitter))
  return Math.round(raw * (1 - jitter) + raw * jitter * policy.random())
}

/** The code of a network error, looking through undici's `cause` chain. */
export function errorCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code
    if (typeof code === 'string') return code
    cur = (cur as { cause?: unknown }).cause
  }
  return undefined
}

/** True when a thrown error is a transient network failure under the policy. */
export function isRetryableError(policy: RetryPolicy, e: unknown): boolean {
  if (e instanceof RegistryResponseError) return policy.retryStatuses.includes(e.status)
  const code = errorCode(e)
  return code !== undefined && policy.retryErrorCodes.includes(code)
}

/** What one attempt produced, as `withRetry` sees it. */
export type AttemptResult<T> =
  | { done: T }
  /** A response worth retrying: `retryAfter` as sent, `discard` frees it, `last` is returned if no attempt is left. */
  | { retry: string; retryAfter?: string; discard: () => Promise<void>; last: T }

/** Options of withRetry. */
export interface RetryProgress {
  /**
   * A measure of work that sticks across attempts (bytes a registry confirmed, the furthest byte
   * an upload reached). When a failed attempt raised it, attempts and time are counted afresh.
   */
  progress?: () => number
}

/**
 * Runs `attempt` until it is done, a non-retryable error is thrown, or the policy's attempts or time
 * run out. `what` names the operation in log lines (e.g. `PUT https://…/uploads/…`).
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  what: string,
  attempt: (n: number) => Promise<AttemptResult<T>>,
  logger: Logger = silentLogger,
  opts: RetryProgress = {}
): Promise<T> {
  let start = policy.now()
  let mark = opts.progress?.() ?? 0
  for (let n = 1; ; n++) {
    let reason: string
    let wait: number
    let last: AttemptResult<T> | undefined
    try {
      last = await attempt(n)
      if ('done' in last) return last.done
      reason = last.retry
      const after = parseRetryAfter(last.retryAfter, policy.now())
      wait = after ?? backoffDelay(policy, n)
    } catch (e) {
      if (!isRetryableError(policy, e)) throw e
      // A long transfer that moved forward before failing starts a fresh budget: the limits bound
      // failures in a row, not the length of a multi-GB upload.
      const now = opts.progress?.() ?? 0
      if (now > mark) {
        mark = now
        n = 1
        start = policy.now()
      }
      reason = errorCode(e) ?? (e as Error).message
      const after =
        e instanceof RegistryResponseError ? parseRetryAfter(e.retryAfter, policy.now()) : undefined
      wait = after ?? backoffDelay(policy, n)
      last = undefined
      const elapsed = policy.now() - start
      if (
        n >= policy.maxAttempts ||
        elapsed + wait > policy.maxElapsedMs ||
        wait > policy.maxDelayMs
      ) {
        throw e
      }
    }
    if (last) {
      const elapsed = policy.now() - start
      // A Retry-After longer than the remaining budget is not waited for: the caller gets the
      // response and maps it (e.g. 429 → RateLimitedError) at once.
      if (
        n >= policy.maxAttempts ||
        elapsed + wait > policy.maxElapsedMs ||
        wait > policy.maxDelayMs
      ) {
        return last.last
      }
      await last.discard()
    }
    logger.debug(`${what}: ${reason}; attempt ${n + 1} of ${policy.maxAttempts} in ${wait} ms`)
    await policy.sleep(wait)
  }
}

/**
 * Sends a request under the policy: a network error or a retryable status sends it again (the body
 * factory makes a fresh body each time). The last response is returned whatever its status.
 */
export function sendWithRetry(
  http: HttpClient,
  policy: RetryPolicy,
  req: HttpRequest,
  logger: Logger = silentLogger
): Promise<HttpResponse> {
  return withRetry<HttpResponse>(
    policy,
    `${req.method} ${redactUrl(req.url)}`,
    async () => {
      const res = await http.request(req)
      if (!policy.retryStatuses.includes(res.status)) return { done: res }
      return {
        retry: `status ${res.status}`,
        retryAfter: res.headers['retry-after'],
        discard: () => discardBody(res),
        last: res
      }
    },
    logger
  )
}
