/**
 * Token realms are untrusted (the registry's 401 names them): credentials go only to https or
 * loopback realms, and nothing goes to link-local or cloud metadata addresses, however spelled.
 */
import { Authenticator, realmProblem } from '../src/oci/registry/auth.js'
import { HttpClient } from '../src/oci/registry/http.js'
import { retryPolicy } from '../src/oci/registry/retry.js'
import { reply, startScriptedServer } from './helpers/http-server.js'

describe('realmProblem', () => {
  it.each([
    ['https://auth.example.com/token', true],
    ['https://ghcr.io/token', true],
    ['http://127.0.0.1:5001/token', true],
    ['http://localhost:8080/token', true],
    ['http://[::1]:8080/token', true],
    ['http://auth.example.com/token', false]
  ])('allows %s (with credentials: %s)', (url, withCreds) => {
    expect(realmProblem(new URL(url), withCreds)).toBeUndefined()
  })

  it.each([
    ['http://auth.example.com/token', /plain http/],
    ['http://10.0.0.5/token', /plain http/],
    ['http://169.254.169.254/latest/meta-data/', /link-local/],
    ['https://169.254.169.254/token', /link-local/],
    ['http://2852039166/token', /link-local/], // 169.254.169.254 as a decimal number
    ['http://0xA9.0xFE.0xA9.0xFE/token', /link-local/],
    ['http://[fe80::1]/token', /link-local/],
    ['http://[::ffff:169.254.169.254]/token', /link-local/],
    ['http://metadata.google.internal/computeMetadata/v1/', /metadata/],
    ['https://METADATA.google.internal/token', /metadata/],
    ['http://100.100.100.200/token', /metadata/],
    ['http://[fd00:ec2::254]/token', /metadata/],
    ['http://0.0.0.0:80/token', /unspecified/],
    ['file:///etc/passwd', /not http/],
    ['https://user:pw@auth.example.com/token', /credentials in the URL/]
  ])('refuses %s', (url, why) => {
    expect(realmProblem(new URL(url), true)).toMatch(why)
  })
})

describe('Authenticator with a hostile realm', () => {
  it('refuses to send credentials to an http realm on another host, and sends nothing', async () => {
    const seen: string[] = []
    const server = await startScriptedServer((req, res) => {
      seen.push(req.url)
      reply(res, 200, {}, '{"token":"t"}')
    })
    const http = new HttpClient()
    const auth = new Authenticator({
      registry: 'reg.example.com',
      http,
      retry: retryPolicy({ maxAttempts: 1 }),
      credentials: async () => ({ username: 'u', password: 'secret-pw' })
    })
    // A public name that resolves nowhere we care about: the check happens before any request.
    auth.learn(['Bearer realm="http://auth.example.com/token",service="s"'])
    await expect(auth.authorization(['repository:a:pull'])).rejects.toThrow(
      /auth\.example\.com.*plain http.*refusing to request a token/
    )
    auth.learn([`Bearer realm="http://169.254.169.254/token",service="s"`])
    await expect(auth.authorization(['repository:a:pull'])).rejects.toThrow(/link-local/)
    expect(seen).toEqual([])
    await http.close()
    await server.close()
  })
})
