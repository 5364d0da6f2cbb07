import fc from 'fast-check'
import { parseChallenges, quoteParam } from '../src/oci/registry/challenge.js'

describe('parseChallenges', () => {
  it('parses a registry Bearer challenge with quoted realm, service and scope', () => {
    const h =
      'Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a/b:pull,push"'
    expect(parseChallenges(h)).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.example.com/token',
          service: 'registry.example.com',
          scope: 'repository:a/b:pull,push'
        }
      }
    ])
  })

  it('parses Basic, unquoted values, spaces around = and escapes', () => {
    expect(parseChallenges('Basic realm = basic-realm')).toEqual([
      { scheme: 'basic', params: { realm: 'basic-realm' } }
    ])
    expect(parseChallenges('Basic realm="a \\"quoted\\" \\\\ realm"')).toEqual([
      { scheme: 'basic', params: { realm: 'a "quoted" \\ realm' } }
    ])
  })

  it('parses several challenges in one header and across header lines', () => {
    const parsed = parseChallenges([
      'Basic realm="r1", Bearer realm="https://t/x",service=s',
      'Negotiate abc123=='
    ])
    expect(parsed.map(c => c.scheme)).toEqual(['basic', 'bearer', 'negotiate'])
    expect(parsed[1]?.params).toEqual({ realm: 'https://t/x', service: 's' })
    expect(parsed[2]?.token68).toBe('abc123==')
  })

  it('survives garbage without throwing', () => {
    for (const s of [
      '',
      ',,,',
      '"',
      'Bearer realm="unterminated',
      '=== ,= x',
      'Bearer ,,realm=x'
    ]) {
      expect(() => parseChallenges(s)).not.toThrow()
    }
  })

  it('round-trips any parameters quoted as quoted-strings (property)', () => {
    const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]{0,11}$/)
    const value = fc.string({ maxLength: 40 }).filter(s => !/[\r\n]/.test(s))
    const challenge = fc.record({
      scheme: token,
      params: fc.dictionary(token, value, { maxKeys: 5 })
    })
    fc.assert(
      fc.property(fc.array(challenge, { minLength: 1, maxLength: 4 }), challenges => {
        const header = challenges
          .map(c => {
            const params = Object.entries(c.params).map(([k, v]) => `${k}=${quoteParam(v)}`)
            return params.length ? `${c.scheme} ${params.join(', ')}` : c.scheme
          })
          .join(', ')
        const parsed = parseChallenges(header)
        const expected = challenges.map(c => ({
          scheme: c.scheme.toLowerCase(),
          params: Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k.toLowerCase(), v]))
        }))
        expect(parsed).toEqual(expected)
      })
    )
  })
})
