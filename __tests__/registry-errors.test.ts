import { Readable } from 'node:stream'
import {
  DeniedError,
  NotFoundError,
  RateLimitedError,
  RegistryResponseError,
  UnauthorizedError
} from '../src/oci/errors.js'
import { parseRegistryErrors, responseError } from '../src/oci/registry/errors.js'
import type { HttpResponse } from '../src/oci/registry/http.js'

function res(
  status: number,
  body = '',
  url = 'https://user:pw@reg.example.com/v2/a/b/manifests/v9?x=secret'
): HttpResponse {
  return {
    status,
    headers: {},
    challenges: [],
    body: Readable.from([Buffer.from(body)]),
    url: new URL(url)
  }
}

const unknown = JSON.stringify({
  errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown', detail: { tag: 'v9' } }]
})

describe('responseError', () => {
  it('names the missing tag and repository on 404', async () => {
    const e = await responseError(res(404, unknown), {
      method: 'GET',
      subject: { kind: 'tag', name: 'v9', repository: 'localhost:5000/models/x' }
    })
    expect(e).toBeInstanceOf(NotFoundError)
    expect(e.message).toBe('tag "v9" not found in localhost:5000/models/x (MANIFEST_UNKNOWN)')
  })

  it('names blobs and manifests by digest', async () => {
    const d = 'sha256:' + 'b'.repeat(64)
    const e = await responseError(res(404), {
      method: 'HEAD',
      subject: { kind: 'blob', name: d, repository: 'r/x' }
    })
    expect(e.message).toBe(`blob ${d} not found in r/x`)
  })

  it('maps 401 with the hint, and strips credentials and query from the URL', async () => {
    const e = await responseError(
      res(
        401,
        JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] })
      ),
      {
        method: 'GET',
        authHint: 'check the username and password for reg.example.com'
      }
    )
    expect(e).toBeInstanceOf(UnauthorizedError)
    expect(e.message).toBe(
      'GET https://reg.example.com/v2/a/b/manifests/v9 returned 401 (UNAUTHORIZED: authentication required). check the username and password for reg.example.com'
    )
    expect(e.message).not.toContain('secret')
    expect(e.message).not.toContain('pw')
  })

  it.each([
    [403, DeniedError],
    [429, RateLimitedError],
    [500, RegistryResponseError]
  ])('maps %d', async (status, cls) => {
    const e = await responseError(res(status, unknown), { method: 'PUT' })
    expect(e).toBeInstanceOf(cls)
    expect((e as RegistryResponseError).status).toBe(status)
    expect((e as RegistryResponseError).errors[0]?.code).toBe('MANIFEST_UNKNOWN')
  })

  it('ignores an error body over 64 KiB or not in the errors format', async () => {
    const big = JSON.stringify({ errors: [{ code: 'X', message: 'y'.repeat(70_000) }] })
    const e = (await responseError(res(500, big), { method: 'GET' })) as RegistryResponseError
    expect(e.errors).toEqual([])
    expect(parseRegistryErrors('<html>')).toEqual([])
    expect(parseRegistryErrors('{"errors":[{"nocode":1},{"code":"A"}]}')).toEqual([{ code: 'A' }])
  })
})
