import { describe, expect, it } from '@jest/globals'
import { EMPTY_DESCRIPTOR, EMPTY_JSON, buildManifest, parseManifest } from '../src/oci/manifest.js'
import { digestBytes } from '../src/oci/digest.js'
import { ManifestInvalidError } from '../src/oci/errors.js'

const layer = {
  mediaType: 'application/vnd.safetensors',
  digest: digestBytes(Buffer.from('w')),
  size: 1,
  annotations: { 'org.opencontainers.image.title': 'w.safetensors' }
}

describe('manifest', () => {
  it('the empty descriptor is the digest of {}', () => {
    expect(digestBytes(EMPTY_JSON)).toBe(EMPTY_DESCRIPTOR.digest)
  })

  it('builds an image-spec 1.1 artifact manifest as oras does', () => {
    const { manifest, bytes, descriptor } = buildManifest({
      layers: [layer],
      artifactType: 'application/x-model',
      annotations: { a: 'b' }
    })
    expect(Object.keys(manifest)).toEqual([
      'schemaVersion',
      'mediaType',
      'artifactType',
      'config',
      'layers',
      'annotations'
    ])
    expect(manifest.config).toEqual(EMPTY_DESCRIPTOR)
    expect(descriptor.digest).toBe(digestBytes(bytes))
    expect(parseManifest(bytes).kind).toBe('manifest')
  })

  it('builds the 1.0 form with the artifact type as config media type', () => {
    const { manifest } = buildManifest({
      layers: [layer],
      artifactType: 'application/x-model',
      imageSpec: 'v1.0'
    })
    expect(manifest.artifactType).toBeUndefined()
    expect(manifest.config.mediaType).toBe('application/x-model')
    expect(manifest.config.digest).toBe(EMPTY_DESCRIPTOR.digest)
  })

  it.each([
    ['not json', 'x', /not valid JSON/],
    ['array', '[]', /not a JSON object/],
    ['schema 1', '{"schemaVersion":1}', /schemaVersion/],
    ['no layers', JSON.stringify({ schemaVersion: 2, config: EMPTY_DESCRIPTOR }), /no layers/],
    [
      'bad digest alg',
      JSON.stringify({
        schemaVersion: 2,
        config: EMPTY_DESCRIPTOR,
        layers: [{ ...layer, digest: 'md5:' + 'a'.repeat(32) }]
      }),
      /unsupported digest algorithm/
    ],
    [
      'negative size',
      JSON.stringify({
        schemaVersion: 2,
        config: EMPTY_DESCRIPTOR,
        layers: [{ ...layer, size: -1 }]
      }),
      /invalid size/
    ],
    [
      'annotation not string',
      JSON.stringify({
        schemaVersion: 2,
        config: EMPTY_DESCRIPTOR,
        layers: [],
        annotations: { a: 1 }
      }),
      /not a string/
    ],
    [
      'type mismatch',
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: []
      }),
      /does not match/
    ]
  ])('refuses %s', (_name, text, message) => {
    expect(() =>
      parseManifest(Buffer.from(text), 'application/vnd.oci.image.manifest.v1+json')
    ).toThrow(ManifestInvalidError)
    expect(() =>
      parseManifest(Buffer.from(text), 'application/vnd.oci.image.manifest.v1+json')
    ).toThrow(message)
  })

  it('refuses a manifest over 4 MiB', () => {
    expect(() => parseManifest(Buffer.alloc(4 * 1024 * 1024 + 1, 32))).toThrow(/limit/)
  })
})
