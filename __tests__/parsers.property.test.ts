/**
 * Property tests of the parsers that read untrusted or user text: references, Content-Range and
 * upload Range headers, and artifact titles. (WWW-Authenticate: registry-challenge.test.ts.)
 */
import fc from 'fast-check'
import { InvalidReferenceError } from '../src/oci/errors.js'
import { isSafeRelativePath, safeTitle } from '../src/oci/output/safe-path.js'
import { formatReference, parseReference } from '../src/oci/reference.js'
import {
  formatContentRange,
  parseContentRange,
  parseUploadRange
} from '../src/oci/registry/content-range.js'

const alnum = fc.stringMatching(/^[a-z0-9]{1,8}$/)
const separator = fc.constantFrom('.', '_', '__', '-', '--')
const component = fc
  .tuple(alnum, fc.array(fc.tuple(separator, alnum), { maxLength: 2 }))
  .map(([a, rest]) => a + rest.map(([s, b]) => s + b).join(''))
const repository = fc.array(component, { minLength: 1, maxLength: 4 }).map(cs => cs.join('/'))
const domain = fc
  .tuple(
    fc.array(fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,6}[a-z0-9])?$/), {
      minLength: 2,
      maxLength: 3
    }),
    fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined })
  )
  .map(([labels, port]) => `${labels.join('.')}${port ? `:${port}` : ''}`)
const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/)
const digest = fc.stringMatching(/^[a-f0-9]{64}$/).map(h => `sha256:${h}`)

describe('parseReference (properties)', () => {
  it('round-trips every reference the grammar allows', () => {
    fc.assert(
      fc.property(
        domain,
        repository,
        fc.option(tag, { nil: undefined }),
        fc.option(digest, { nil: undefined }),
        (registry, repo, t, d) => {
          fc.pre(`${registry}/${repo}`.length <= 255)
          const text = `${registry}/${repo}${t ? `:${t}` : ''}${d ? `@${d}` : ''}`
          const ref = parseReference(text)
          expect(ref).toEqual({
            registry,
            repository: repo,
            ...(t ? { tag: t } : {}),
            ...(d ? { digest: d } : {})
          })
          expect(formatReference(ref)).toBe(text)
        }
      )
    )
  })

  it('either parses or throws InvalidReferenceError, for any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), s => {
        try {
          const ref = parseReference(s)
          expect(ref.repository.length).toBeGreaterThan(0)
          expect(ref.repository).toBe(ref.repository.toLowerCase())
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidReferenceError)
        }
      }),
      { numRuns: 2000 }
    )
  })

  it('never accepts uppercase, empty components or a tag over 128 characters', () => {
    fc.assert(
      fc.property(domain, repository, fc.integer({ min: 129, max: 300 }), (r, repo, n) => {
        expect(() => parseReference(`${r}/${repo.toUpperCase()}X`)).toThrow(InvalidReferenceError)
        expect(() => parseReference(`${r}/${repo}//x`)).toThrow(InvalidReferenceError)
        expect(() => parseReference(`${r}/${repo}:${'t'.repeat(n)}`)).toThrow(InvalidReferenceError)
      })
    )
  })
})

describe('Content-Range (properties)', () => {
  it('round-trips satisfied ranges', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2 ** 40 }),
        fc.nat({ max: 2 ** 40 }),
        fc.option(fc.nat({ max: 2 ** 40 }), { nil: undefined }),
        (a, len, extra) => {
          const r =
            extra === undefined
              ? { first: a, last: a + len }
              : { first: a, last: a + len, complete: a + len + 1 + extra }
          expect(parseContentRange(formatContentRange(r))).toEqual(r)
        }
      )
    )
  })

  it('refuses inverted, out-of-bounds and malformed ranges, and never throws', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (a, b) => {
        fc.pre(a !== b)
        const [lo, hi] = a < b ? [a, b] : [b, a]
        expect(parseContentRange(`bytes ${hi}-${lo}/*`)).toBeUndefined()
        expect(parseContentRange(`bytes ${lo}-${hi}/${hi}`)).toBeUndefined()
      })
    )
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), s => {
        const r = parseContentRange(s)
        if (r) {
          expect(r.first).toBeLessThanOrEqual(r.last)
          if (r.complete !== undefined) expect(r.last).toBeLessThan(r.complete)
        }
        const u = parseUploadRange(s)
        if (u) expect(u.end).toBeGreaterThanOrEqual(-1)
      }),
      { numRuns: 2000 }
    )
    for (const bad of [
      '',
      'bytes */100',
      'bytes 1-2',
      'items 1-2/3',
      'bytes -1-2/3',
      'bytes 1-2/x'
    ])
      expect(parseContentRange(bad)).toBeUndefined()
  })

  it('reads upload ranges as an inclusive end from 0', () => {
    expect(parseUploadRange('0-1048575')).toEqual({ end: 1048575 })
    expect(parseUploadRange('bytes=0-9')).toEqual({ end: 9 })
    expect(parseUploadRange('0-0')).toEqual({ end: -1 })
    expect(parseUploadRange('5-9')).toBeUndefined()
    expect(parseUploadRange('0-')).toBeUndefined()
    expect(parseUploadRange(undefined)).toBeUndefined()
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 50 }), n =>
        expect(parseUploadRange(`0-${n}`)).toEqual({ end: n })
      )
    )
  })
})

describe('titles (properties)', () => {
  const part = fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,20}[A-Za-z0-9_-]$/)
  const safe = fc.array(part, { minLength: 1, maxLength: 5 }).map(ps => ps.join('/'))

  it('accepts plain relative paths and keeps them as they are', () => {
    fc.assert(fc.property(safe, t => expect(safeTitle(t)).toBe(t)))
  })

  it('refuses any path with a .. or empty component, absolute, drive, NUL or backslash', () => {
    const bad = fc.oneof(
      fc.tuple(safe, safe).map(([a, b]) => `${a}/../${b}`),
      fc.tuple(safe, safe).map(([a, b]) => `${a}/../../${b}`),
      safe.map(a => `../${a}`),
      safe.map(a => `/${a}`),
      safe.map(a => `C:${a}`),
      safe.map(a => `c:/${a}`),
      safe.map(a => `${a}\u0000.bin`),
      safe.map(a => `${a}\\..\\x`),
      safe.map(a => `${a}//x`),
      safe.map(a => `./${a}`)
    )
    fc.assert(fc.property(bad, t => expect(isSafeRelativePath(t)).toBe(false)))
  })

  it('never accepts a name that normalises outside the folder', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), t => {
        if (!isSafeRelativePath(t)) return
        const parts = t.replace(/\/$/, '').split('/')
        let depth = 0
        for (const p of parts) depth += p === '..' ? -1 : p === '.' ? 0 : 1
        expect(depth).toBeGreaterThan(0)
        expect(t.startsWith('/')).toBe(false)
      }),
      { numRuns: 3000 }
    )
  })
})
