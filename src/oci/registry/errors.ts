/**
 * Maps unexpected registry responses to the error classes of ../errors.ts, with the registry's own
 * error codes (distribution spec "Error Codes": `{"errors":[{code,message,detail}]}`) attached.
 */
import {
  DeniedError,
  NotFoundError,
  RateLimitedError,
  RegistryResponseError,
  UnauthorizedError,
  redactUrl,
  type RegistryErrorDetail
} from '../errors.js'
import { readLimited } from '../stream-utils.js'
import type { HttpResponse } from './http.js'

/** Error bodies are read up to this size; a larger one is cut off and ignored. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024

/** What a request was about, so that a 404 can say what was missing and where. */
export interface Subject {
  kind: 'tag' | 'manifest' | 'blob' | 'repository' | 'upload'
  /** The tag, digest or upload location (omitted for a repository). */
  name?: string
  /** `registry/repository`, e.g. `localhost:5000/models/x`. */
  repository: string
}

/** Context for mapping one response. */
export interface ErrorContext {
  method: string
  subject?: Subject
  /** Appended to a 401's message: what to do about the credentials. */
  authHint?: string
}

/** Reads the `errors` array of an error response; an unreadable or foreign body gives []. */
export async function readRegistryErrors(res: HttpResponse): Promise<RegistryErrorDetail[]> {
  let text: string
  try {
    text = (await readLimited(res.body, MAX_ERROR_BODY_BYTES, 'error response')).toString('utf8')
  } catch {
    return []
  }
  return parseRegistryErrors(text)
}

/** Parses `{"errors":[…]}`; anything else gives []. */
export function parseRegistryErrors(text: string): RegistryErrorDetail[] {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return []
  }
  const list = (doc as { errors?: unknown } | null)?.errors
  if (!Array.isArray(list)) return []
  return list
    .filter(e => e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string')
    .slice(0, 20)
    .map(e => {
      const { code, message, detail } = e as { code: string; message?: unknown; detail?: unknown }
      const out: RegistryErrorDetail = { code: code.slice(0, 100) }
      if (typeof message === 'string') out.message = message.slice(0, 500)
      if (detail !== undefined) out.detail = detail
      return out
    })
}

/** Describes a subject for a message, e.g. `tag "v9"` or `blob sha256:…`. */
export function describeSubject(s: Subject): string {
  switch (s.kind) {
    case 'tag':
      return `tag "${s.name}" not found in ${s.repository}`
    case 'repository':
      return `repository ${s.repository} not found`
    case 'upload':
      return `upload session not found in ${s.repository} (it may have expired)`
    default:
      return `${s.kind} ${s.name} not found in ${s.repository}`
  }
}

/**
 * Turns a response the caller did not expect into an error, consuming its body. 401, 403, 404 and
 * 429 get their own classes; everything else is a RegistryResponseError with the status and codes.
 */
export async function responseError(res: HttpResponse, ctx: ErrorContext): Promise<Error> {
  const err = await mapResponse(res, ctx)
  const after = res.headers['retry-after']
  if (after !== undefined && err instanceof RegistryResponseError) {
    err.retryAfter = after.slice(0, 100)
  }
  return err
}

/** Explains a rate limit: how long the registry asked to wait, and what raises the limit. */
function rateLimitHint(res: HttpResponse): string {
  const after = res.headers['retry-after']?.trim().slice(0, 100)
  const limit = res.headers['ratelimit-limit'] ?? res.headers['x-ratelimit-limit']
  const parts = ['the registry is rate limiting requests (429 Too Many Requests)']
  if (after) {
    parts.push(
      /^\d+$/.test(after)
        ? `it asked to wait ${after} s, longer than the retries allow`
        : `it asked to wait until ${after}`
    )
  }
  if (limit) parts.push(`limit: ${limit.slice(0, 60)}`)
  return `${parts.join('; ')}. Try again later, lower \`concurrency\`, or authenticate for a higher limit (Docker Hub limits anonymous pulls per IP)`
}

async function mapResponse(res: HttpResponse, ctx: ErrorContext): Promise<Error> {
  const errors = ctx.method === 'HEAD' ? [] : await readRegistryErrors(res)
  const url = redactUrl(res.url)
  switch (res.status) {
    case 401:
      return new UnauthorizedError(
        ctx.method,
        url,
        401,
        errors,
        ctx.authHint ?? 'check the credentials for this registry'
      )
    case 403:
      return new DeniedError(
        ctx.method,
        url,
        403,
        errors,
        'the credentials are valid but lack permission for this repository'
      )
    case 404:
      if (ctx.subject) {
        const codes = errors.map(e => e.code).join(', ')
        return new NotFoundError(`${describeSubject(ctx.subject)}${codes ? ` (${codes})` : ''}`)
      }
      return new NotFoundError(`${ctx.method} ${url} returned 404`)
    case 429:
      return new RateLimitedError(ctx.method, url, 429, errors, rateLimitHint(res))
    case 503:
      return new RegistryResponseError(
        ctx.method,
        url,
        503,
        errors,
        'the registry is unavailable or overloaded and stayed so through the retries; try again later'
      )
    default:
      return new RegistryResponseError(ctx.method, url, res.status, errors)
  }
}
