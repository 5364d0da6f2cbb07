/**
 * Errors of the registry client: one base class, a few kinds that callers branch on, and a response
 * error that carries what the registry said. Messages say what went wrong and what to do about it.
 */

/** OciError is the base of every error the client throws on purpose. */
export class OciError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/** InvalidReferenceError: a reference string that the distribution grammar does not accept. */
export class InvalidReferenceError extends OciError {}

/** InvalidInputError: a caller-supplied value (file, annotation, option) that cannot be used. */
export class InvalidInputError extends OciError {}

/** NotFoundError: a manifest, blob or tag that the target does not have. */
export class NotFoundError extends OciError {}

/** UnsupportedError: content the client refuses to handle (unknown digest algorithm, media type). */
export class UnsupportedError extends OciError {}

/** DigestMismatchError: content whose bytes do not hash to the digest (or size) it was named by. */
export class DigestMismatchError extends OciError {
  constructor(
    readonly expected: string,
    readonly actual: string,
    what = 'content'
  ) {
    super(`${what} failed verification: expected ${expected}, got ${actual}`)
  }
}

/** CancelledError: work stopped on purpose (another part of the operation failed); never retried. */
export class CancelledError extends OciError {}

/** NoSpaceError: the disk (or quota) is full; nothing half-written was left behind. */
export class NoSpaceError extends OciError {}

/** ManifestInvalidError: a manifest or index that is not valid JSON of a known kind, or too large. */
export class ManifestInvalidError extends OciError {}

/** One entry of the `errors` array of a distribution error response (spec: "Error Codes"). */
export interface RegistryErrorDetail {
  code: string
  message?: string
  detail?: unknown
}

/**
 * RegistryResponseError: an HTTP response the client did not expect. It carries the method, the URL
 * (query and credentials stripped), the status and the registry's parsed error codes.
 */
export class RegistryResponseError extends OciError {
  /** The response's `Retry-After`, as sent, when it had one. */
  retryAfter?: string

  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly errors: RegistryErrorDetail[] = [],
    hint = ''
  ) {
    const codes = errors.map(e => (e.message ? `${e.code}: ${e.message}` : e.code)).join('; ')
    super(
      `${method} ${url} returned ${status}${codes ? ` (${codes})` : ''}${hint ? `. ${hint}` : ''}`
    )
  }
}

/** UnauthorizedError: 401 after authenticating; the credentials are missing or wrong. */
export class UnauthorizedError extends RegistryResponseError {}

/** DeniedError: 403; the credentials are valid but lack permission for this repository. */
export class DeniedError extends RegistryResponseError {}

/** RateLimitedError: 429 that outlasted the retries. */
export class RateLimitedError extends RegistryResponseError {}

/** Strips credentials, query string and fragment from a URL so it can appear in a message. */
export function redactUrl(url: string | URL): string {
  try {
    const u = new URL(String(url))
    u.username = ''
    u.password = ''
    u.search = ''
    u.hash = ''
    return u.toString()
  } catch {
    return '<invalid url>'
  }
}

/** Normalises anything thrown into an Error. */
export function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e))
}
