import { describe, expect, it } from '@jest/globals'
import { copy } from '../src/oci/copy.js'
import { buildManifest, EMPTY_DESCRIPTOR } from '../src/oci/manifest.js'
import { OCI_INDEX } from '../src/oci/media-types.js'
import { digestBytes } from '../src/oci/digest.js'
import { DigestMismatchError } from '../src/oci/errors.js'
import { MemoryTarget } from './helpers/memory-target.js'

function artifact(src: MemoryTarget, files: Record<string, string>) {
  const layers = Object.entries(files).map(([title, body]) =>
    src.add(body, 'application/octet-stream', { 'org.opencontainers.image.title': title })
  )
  const built = buildManifest({ layers, artifactType: 'application/x-test' })
  src.blobs.set(built.descriptor.digest, built.bytes)
  return built
}

describe('copy', () => {
  it('copies children before the manifest and skips what the destination has', async () => {
    const src = new MemoryTarget()
    const built = artifact(src, { a: 'aaa', b: 'bbbb' })
    const dst = new MemoryTarget()
    dst.add('aaa')
    const r = await copy(src, dst, built.descriptor)
    const pushes = dst.calls.filter(c => c.startsWith('push'))
    expect(pushes[pushes.length - 1]).toBe(`push ${built.descriptor.digest}`)
    expect(src.calls).not.toContain(`fetch ${built.manifest.layers[0]!.digest}`)
    expect(src.calls).not.toContain(`fetch ${EMPTY_DESCRIPTOR.digest}`)
    expect(r.events.filter(e => e.action === 'skipped').map(e => e.descriptor.size)).toEqual([3])
    expect(dst.blobs.get(built.descriptor.digest)).toEqual(built.bytes)
  })

  it('filters layers and writes nothing on a dry run', async () => {
    const src = new MemoryTarget()
    const built = artifact(src, { 'w.bin': 'weights', 'c.json': '{}x' })
    const dst = new MemoryTarget()
    const r = await copy(src, dst, built.descriptor, {
      dryRun: true,
      filter: l => l.annotations?.['org.opencontainers.image.title'] === 'c.json'
    })
    expect(dst.calls.some(c => c.startsWith('push'))).toBe(false)
    expect(
      r.events.find(e => e.action === 'filtered')?.descriptor.annotations?.[
        'org.opencontainers.image.title'
      ]
    ).toBe('w.bin')
    expect(src.calls.filter(c => c.startsWith('fetch'))).toEqual([
      `fetch ${built.descriptor.digest}`
    ])
  })

  it('walks an index', async () => {
    const src = new MemoryTarget()
    const a = artifact(src, { a: '1' })
    const b = artifact(src, { b: '2' })
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [a.descriptor, b.descriptor]
      })
    )
    const root = { mediaType: OCI_INDEX, digest: digestBytes(index), size: index.length }
    src.blobs.set(root.digest, index)
    const dst = new MemoryTarget()
    await copy(src, dst, root)
    expect([...dst.blobs.keys()].sort()).toEqual(
      [...src.blobs.keys(), EMPTY_DESCRIPTOR.digest].sort()
    )
  })

  it('refuses a manifest whose bytes do not match its digest', async () => {
    const src = new MemoryTarget()
    const built = artifact(src, { a: '1' })
    src.blobs.set(
      built.descriptor.digest,
      Buffer.from(built.bytes.toString().replace('"a"', '"b"'))
    )
    await expect(copy(src, new MemoryTarget(), built.descriptor)).rejects.toThrow(
      DigestMismatchError
    )
  })

  it('fails when a blob is corrupt at the source, leaving no manifest', async () => {
    const src = new MemoryTarget()
    const built = artifact(src, { a: 'good' })
    src.blobs.set(built.manifest.layers[0]!.digest, Buffer.from('evil'))
    const dst = new MemoryTarget()
    await expect(copy(src, dst, built.descriptor)).rejects.toThrow(DigestMismatchError)
    expect(dst.blobs.has(built.descriptor.digest)).toBe(false)
  })

  it('stores the root under its tag with one call, after every child, and reuses fetched root bytes', async () => {
    const src = new MemoryTarget()
    const built = artifact(src, { a: 'one', b: 'two' })
    const dst = new MemoryTarget()
    const parsed = (await import('../src/oci/manifest.js')).parseManifest(built.bytes)
    await copy(src, dst, built.descriptor, {
      rootTag: 'v1',
      rootContent: { bytes: built.bytes, parsed }
    })
    expect(dst.calls[dst.calls.length - 1]).toBe('tag v1')
    expect(dst.calls).not.toContain(`push ${built.descriptor.digest}`)
    expect(src.calls).not.toContain(`fetch ${built.descriptor.digest}`)
    expect((await dst.resolve('v1')).digest).toBe(built.descriptor.digest)
  })
})

describe('copy when one blob fails', () => {
  it('cuts the other transfers short and surfaces the first error with nothing left behind', async () => {
    const { mkdtempSync, readdirSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { Readable } = await import('node:stream')
    const { OutputFolder } = await import('../src/oci/output/index.js')
    const src = new MemoryTarget()
    const built = artifact(src, { 'slow.bin': 'x'.repeat(1000), 'bad.bin': 'good content' })
    const [slow, bad] = built.manifest.layers as [
      (typeof built.manifest.layers)[0],
      (typeof built.manifest.layers)[0]
    ]
    src.blobs.set(bad.digest, Buffer.from('evil content'))
    const fetch = src.fetch.bind(src)
    // The slow blob sends 10 bytes and then nothing, as a stalled connection would.
    src.fetch = async (d, offset = 0) =>
      d.digest === slow.digest
        ? new Readable({
            read() {
              if (offset === 0) this.push(Buffer.alloc(10, 'x'))
              offset = 10
            }
          })
        : fetch(d, offset)
    const out = mkdtempSync(join(tmpdir(), 'copy-cancel-'))
    const t0 = Date.now()
    await expect(copy(src, new OutputFolder(out), built.descriptor)).rejects.toBeInstanceOf(
      DigestMismatchError
    )
    expect(Date.now() - t0).toBeLessThan(2000)
    expect(readdirSync(out)).toEqual([])
  })
})
