/**
 * Validation of the names an artifact asks us to write: layer titles and tar entry paths. The
 * artifact is hostile input, so a name must be a plain relative path that stays inside the output
 * folder on every platform the action runs on (Linux, macOS, Windows).
 */
import { InvalidInputError } from '../errors.js'

/** Longest name accepted (bytes of UTF-8); longer ones fail on most file systems anyway. */
export const MAX_NAME_BYTES = 4096

/** Windows device names, refused as a component on every platform (the artifact may reach Windows). */
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i

/**
 * Why `name` is not a safe relative path, or undefined when it is. Refused: empty names, NUL and
 * other control characters, backslashes, absolute paths, drive letters (`C:`), `.` / `..` / empty
 * components, and Windows device names. A single trailing `/` (a folder title) is allowed.
 */
export function unsafePathReason(name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'it is empty'
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) return `it is longer than ${MAX_NAME_BYTES} bytes`
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it contains a control character'
  if (name.includes('\\')) return 'it contains a backslash'
  if (name.startsWith('/')) return 'it is an absolute path'
  if (/^[A-Za-z]:/.test(name)) return 'it starts with a drive letter'
  const body = name.endsWith('/') ? name.slice(0, -1) : name
  for (const part of body.split('/')) {
    if (part === '') return 'it has an empty path component'
    if (part === '.' || part === '..') return `it has a "${part}" component`
    if (WINDOWS_DEVICES.test(part)) return `"${part}" is a reserved device name`
    // Windows strips trailing dots and spaces, so "a." and "a" would collide, and ". ." escape.
    if (/[. ]$/.test(part)) return `"${part}" ends with a dot or space`
    if (part.includes(':'))
      return `"${part}" contains a colon (an alternate data stream on Windows)`
  }
  return undefined
}

/** True when `name` is a safe relative path (see unsafePathReason). */
export function isSafeRelativePath(name: string): boolean {
  return unsafePathReason(name) === undefined
}

/**
 * Returns the layer title as a relative path without its trailing `/`, or throws InvalidInputError
 * saying why the artifact's title cannot be written.
 */
export function safeTitle(title: string): string {
  const reason = unsafePathReason(title)
  if (reason) {
    throw new InvalidInputError(
      `refusing to write the layer titled ${JSON.stringify(title.slice(0, 200))}: ${reason}`
    )
  }
  return title.endsWith('/') ? title.slice(0, -1) : title
}

/** True when `inner` is `outer` or lies below it (both normalised relative paths). */
export function isWithin(outer: string, inner: string): boolean {
  return inner === outer || inner.startsWith(`${outer}/`)
}
