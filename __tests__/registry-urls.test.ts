import {
  blobUrl,
  manifestUrl,
  nextLink,
  pingUrl,
  registryBase,
  resolveLocation,
  tagsUrl,
  uploadsUrl,
  withDigest
} from '../src/oci/registry/urls.js'

const D = 'sha256:' + 'a'.repeat(64)

describe('registry URLs', () => {
  const base = registryBase('https', 'ghcr.io')

  it.each([
    [pingUrl(base), 'https://ghcr.io/v2/'],
    [
      blobUrl(base, 'acme/models/x', D),
      `https://ghcr.io/v2/acme/models/x/blobs/sha256:${'a'.repeat(64)}`
    ],
    [manifestUrl(base, 'acme/x', 'v1.0'), 'https://ghcr.io/v2/acme/x/manifests/v1.0'],
    [tagsUrl(base, 'acme/x'), 'https://ghcr.io/v2/acme/x/tags/list'],
    [tagsUrl(base, 'acme/x', 50), 'https://ghcr.io/v2/acme/x/tags/list?n=50'],
    [uploadsUrl(base, 'acme/x'), 'https://ghcr.io/v2/acme/x/blobs/uploads/'],
    [
      uploadsUrl(base, 'acme/x', { digest: D, from: 'acme/y' }),
      `https://ghcr.io/v2/acme/x/blobs/uploads/?mount=sha256%3A${'a'.repeat(64)}&from=acme%2Fy`
    ],
    [
      manifestUrl(registryBase('http', '127.0.0.1:5000'), 'a', 'latest'),
      'http://127.0.0.1:5000/v2/a/manifests/latest'
    ]
  ])('%s', (url, expected) => {
    expect(url.toString()).toBe(expected)
  })

  it('resolves relative and absolute Locations and keeps their query when adding the digest', () => {
    const req = uploadsUrl(base, 'acme/x')
    const rel = resolveLocation('/v2/acme/x/blobs/uploads/uuid?_state=abc%3D', req)
    expect(rel.toString()).toBe('https://ghcr.io/v2/acme/x/blobs/uploads/uuid?_state=abc%3D')
    const abs = resolveLocation('https://storage.example.com/up/1?sig=s', req)
    expect(abs.host).toBe('storage.example.com')
    expect(withDigest(rel, D).searchParams.get('_state')).toBe('abc=')
    expect(withDigest(rel, D).searchParams.get('digest')).toBe(D)
  })

  it('finds the rel="next" link of a Link header', () => {
    expect(nextLink('</v2/x/tags/list?n=10&last=t9>; rel="next"')).toBe(
      '/v2/x/tags/list?n=10&last=t9'
    )
    expect(nextLink('<https://a/b?c=1,2>; rel="prev", <https://a/n>; rel=next')).toBe('https://a/n')
    expect(nextLink('<https://a/b>; rel="prev"')).toBeUndefined()
    expect(nextLink(undefined)).toBeUndefined()
  })
})
