/**
 * `WWW-Authenticate` parsing (RFC 9110 §11.6.1, §11.2): one header may carry several challenges,
 * each a scheme followed by either a token68 or comma-separated `name=value` parameters whose values
 * are tokens or quoted strings (which may contain commas, and backslash escapes).
 */

/** One authentication challenge. `scheme` and parameter names are lower-cased. */
export interface Challenge {
  scheme: string
  params: Record<string, string>
  token68?: string
}

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/

/** Parses every challenge of one or more `WWW-Authenticate` header values. */
export function parseChallenges(headers: string | readonly string[]): Challenge[] {
  const list = typeof headers === 'string' ? [headers] : headers
  return list.flatMap(parseOne)
}

function parseOne(s: string): Challenge[] {
  const out: Challenge[] = []
  let i = 0
  const skip = (chars: RegExp): void => {
    while (i < s.length && chars.test(s[i] as string)) i++
  }
  const token = (): string => {
    const start = i
    while (i < s.length && TCHAR.test(s[i] as string)) i++
    return s.slice(start, i)
  }
  while (i < s.length) {
    skip(/[\s,]/)
    const scheme = token()
    if (!scheme) {
      if (i < s.length) i++ // not a token: skip the stray character and resynchronise
      continue
    }
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} }
    out.push(challenge)
    skip(/[ \t]/)
    const t68 = TOKEN68.exec(s.slice(i))
    if (t68 && /^[ \t]*(,|$)/.test(s.slice(i + t68[0].length))) {
      challenge.token68 = t68[0]
      i += t68[0].length
      continue
    }
    // auth-params until something that is not `name =` (the next challenge's scheme).
    for (;;) {
      const save = i
      skip(/[\s,]/)
      const name = token()
      skip(/[ \t]/)
      if (!name || s[i] !== '=') {
        i = save
        break
      }
      i++
      skip(/[ \t]/)
      let value = ''
      if (s[i] === '"') {
        i++
        while (i < s.length && s[i] !== '"') {
          if (s[i] === '\\' && i + 1 < s.length) i++
          value += s[i]
          i++
        }
        i++ // closing quote (or end of input for an unterminated string)
      } else {
        const start = i
        while (i < s.length && s[i] !== ',' && !/\s/.test(s[i] as string)) i++
        value = s.slice(start, i)
      }
      challenge.params[name.toLowerCase()] = value
    }
  }
  return out
}

/** Quotes a parameter value as a quoted-string (for tests and for building challenges). */
export function quoteParam(value: string): string {
  return `"${value.replace(/["\\]/g, m => `\\${m}`)}"`
}
