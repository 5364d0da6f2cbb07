/**
 * Parsers of the byte-range headers the client reads: `Content-Range` of a 206 answer to a ranged
 * blob GET (RFC 9110 §14.4), and the `Range: 0-<end>` of an upload session's status (distribution
 * spec "end-13"; not RFC syntax: no unit, inclusive end). Both refuse anything malformed rather
 * than guess, so a confused server makes the client start over instead of skipping bytes.
 */

/** A parsed `Content-Range: bytes <first>-<last>/<complete|*>`. */
export interface ContentRange {
  first: number
  last: number
  /** The full length, when the server sent it. */
  complete?: number
}

const DIGITS = /^\d{1,16}$/

function num(s: string): number | undefined {
  if (!DIGITS.test(s)) return undefined
  const n = Number(s)
  return Number.isSafeInteger(n) ? n : undefined
}

/**
 * Parses a `Content-Range` of a satisfied range (`bytes 0-499/1234`, `bytes 5-9/*`). Returns
 * undefined for an absent, unsatisfied (`bytes *\/1234`) or malformed value, or one where
 * first > last or last ≥ complete.
 */
export function parseContentRange(value: string | undefined): ContentRange | undefined {
  if (value === undefined) return undefined
  const m = /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(value)
  if (!m) return undefined
  const first = num(m[1] as string)
  const last = num(m[2] as string)
  const complete = m[3] === '*' ? undefined : num(m[3] as string)
  if (first === undefined || last === undefined || first > last) return undefined
  if (m[3] !== '*' && (complete === undefined || last >= complete)) return undefined
  return complete === undefined ? { first, last } : { first, last, complete }
}

/** Formats a ContentRange (the inverse of parseContentRange). */
export function formatContentRange(r: ContentRange): string {
  return `bytes ${r.first}-${r.last}/${r.complete ?? '*'}`
}

/**
 * Parses an upload session's `Range: 0-<end>` (also accepted: a `bytes=` prefix, as some
 * registries send). Returns the inclusive end, or undefined when absent or malformed. The range
 * must start at 0: a session holds a prefix of the blob. Distribution answers `0-0` for an empty
 * session, so `0-0` is read as "nothing yet" (re-sending one byte is harmless).
 */
export function parseUploadRange(value: string | undefined): { end: number } | undefined {
  if (value === undefined) return undefined
  const m = /^\s*(?:bytes=)?(\d+)-(\d+)\s*$/i.exec(value)
  if (!m) return undefined
  const start = num(m[1] as string)
  const end = num(m[2] as string)
  if (start !== 0 || end === undefined) return undefined
  return end === 0 ? { end: -1 } : { end }
}
