/**
 * `GET /v2/` (distribution spec "end-1"): learns which scheme the registry speaks and how it wants
 * to be authenticated, before the first real request.
 */
import { OciError, RegistryResponseError, redactUrl } from '../errors.js'
import type { Logger } from '../logger.js'
import { isLoopbackHost } from '../reference.js'
import { discardBody, type HttpClient } from './http.js'
import { errorCode, sendWithRetry, type RetryPolicy } from './retry.js'
import { pingUrl, registryBase, type Scheme } from './urls.js'

/** What a ping learned. */
export interface PingResult {
  /** `https://host` or `http://host`: the base every later request is built on. */
  base: URL
  /** 200 (no auth needed) or 401 (auth needed, see `challenges`). */
  status: number
  challenges: string[]
}

/** Options of a ping. */
export interface PingOptions {
  http: HttpClient
  retry: RetryPolicy
  logger: Logger
  /** Speak plain http to this registry. */
  plainHttp?: boolean
}

/**
 * True for failures that mean "this port does not speak TLS" (or speaks it with a certificate we
 * cannot verify): after them, a loopback registry is tried again over http, as docker does.
 */
export function isTlsFailure(e: unknown): boolean {
  const code = errorCode(e) ?? ''
  const message =
    e instanceof Error
      ? `${e.message} ${String((e.cause as Error | undefined)?.message ?? '')}`
      : ''
  return (
    code.startsWith('ERR_SSL') ||
    code.startsWith('ERR_TLS') ||
    code === 'EPROTO' ||
    code === 'ECONNRESET' ||
    code === 'UND_ERR_SOCKET' ||
    code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    code === 'SELF_SIGNED_CERT_IN_CHAIN' ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    /SSL|TLS|wrong version number/i.test(message)
  )
}

/**
 * Pings the registry at `host`. Https is the default; `plainHttp` uses http; a loopback host is
 * tried over https first and then over http when TLS fails (docker's rule for localhost).
 */
export async function ping(host: string, opts: PingOptions): Promise<PingResult> {
  if (opts.plainHttp) return pingOnce('http', host, opts)
  if (!isLoopbackHost(host)) return pingOnce('https', host, opts)
  try {
    // One attempt only: a plain-http port fails the TLS handshake every time, and the fallback
    // should not wait for retries first.
    return await pingOnce('https', host, { ...opts, retry: { ...opts.retry, maxAttempts: 1 } })
  } catch (e) {
    if (!isTlsFailure(e)) throw e
    opts.logger.debug(
      `https to ${host} failed (${errorCode(e) ?? (e as Error).message}); trying http`
    )
    return pingOnce('http', host, opts)
  }
}

async function pingOnce(scheme: Scheme, host: string, opts: PingOptions): Promise<PingResult> {
  const base = registryBase(scheme, host)
  const url = pingUrl(base)
  let res
  try {
    res = await sendWithRetry(opts.http, opts.retry, { method: 'GET', url }, opts.logger)
  } catch (e) {
    if (scheme === 'https' && isLoopbackHost(host) && isTlsFailure(e)) throw e
    throw new OciError(`cannot reach the registry at ${redactUrl(url)}: ${(e as Error).message}`, {
      cause: e
    })
  }
  await discardBody(res)
  if (res.status === 200 || res.status === 401) {
    return { base, status: res.status, challenges: res.challenges }
  }
  throw new RegistryResponseError(
    'GET',
    redactUrl(url),
    res.status,
    [],
    res.status === 404
      ? `${host} does not serve the registry API v2 at /v2/`
      : 'the registry did not answer the API version check'
  )
}
