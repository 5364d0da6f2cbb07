import { describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { copy } from '../src/oci/copy.js'
import { FileSource, packFiles } from '../src/oci/files.js'
import { LayoutTarget } from '../src/oci/layout/index.js'
import { buildManifest, EMPTY_DESCRIPTOR } from '../src/oci/manifest.js'
import { OCI_INDEX } from '../src/oci/media-types.js'
import { digestBytes } from '../src/oci/digest.js'
import { DigestMismatchError, RegistryResponseError } from '../src/oci/errors.js'
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
      tags: ['v1'],
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

describe('copy when the destination is already up to date', () => {
  /** Packs files the way push does and returns the push's source and root. */
  async function pushSource(files: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), 'copy-up-to-date-'))
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body)
    const packed = await packFiles(
      Object.keys(files).map(name => ({ path: join(dir, name) })),
      { tempDir: dir }
    )
    const built = buildManifest({
      layers: packed.map(p => p.descriptor),
      artifactType: 'application/x-test'
    })
    const source = new FileSource(packed, [{ descriptor: built.descriptor, bytes: built.bytes }])
    return { source, built }
  }

  it('a second push of unchanged files only resolves its tags: no blob check, no manifest write', async () => {
    const dst = new MemoryTarget()
    const first = await pushSource({ 'a.bin': 'weights', 'config.json': '{"x":1}' })
    const r1 = await copy(first.source, dst, first.built.descriptor, { tags: ['v1', 'stable'] })
    expect(r1.upToDate).toBe(false)
    expect(dst.calls.filter(c => c.startsWith('push') || c.startsWith('tag'))).toHaveLength(5)

    dst.calls.length = 0
    const again = await pushSource({ 'a.bin': 'weights', 'config.json': '{"x":1}' })
    expect(again.built.descriptor.digest).toBe(first.built.descriptor.digest)
    const r2 = await copy(again.source, dst, again.built.descriptor, { tags: ['v1', 'stable'] })
    expect(dst.calls).toEqual(['resolve v1', 'resolve stable'])
    expect(r2.upToDate).toBe(true)
    // Every node is reported, as already there: the counts stay truthful.
    expect(r2.events.map(e => `${e.action} ${e.manifest}`).sort()).toEqual([
      'skipped false',
      'skipped false',
      'skipped false',
      'skipped true'
    ])
    expect(r2.bytes).toEqual(first.built.bytes)
  })

  it('pushes as usual when one tag is new, and writes every tag', async () => {
    const src = new MemoryTarget()
    const built = artifact(src, { a: 'one' })
    const dst = new MemoryTarget()
    await copy(src, dst, built.descriptor, { tags: ['v1'] })
    dst.calls.length = 0
    const r = await copy(src, dst, built.descriptor, { tags: ['v1', 'new'] })
    expect(r.upToDate).toBe(false)
    expect(dst.calls.slice(0, 2)).toEqual(['resolve v1', 'resolve new'])
    expect(dst.calls.filter(c => c.startsWith('push'))).toHaveLength(2) // the layer and the config
    expect(dst.calls.slice(-2)).toEqual(['tag v1', 'tag new'])
    expect((await dst.resolve('new')).digest).toBe(built.descriptor.digest)
  })

  it('pushes as usual when a tag names another manifest', async () => {
    const src = new MemoryTarget()
    const old = artifact(src, { a: 'old' })
    const built = artifact(src, { a: 'new' })
    const dst = new MemoryTarget()
    await copy(src, dst, old.descriptor, { tags: ['v1', 'stable'] })
    dst.calls.length = 0
    const r = await copy(src, dst, built.descriptor, { tags: ['v1', 'stable'] })
    expect(r.upToDate).toBe(false)
    expect(dst.calls.filter(c => c.startsWith('resolve'))).toEqual(['resolve v1', 'resolve stable'])
    expect(
      r.events.find(e => e.descriptor.digest === built.manifest.layers[0]!.digest)?.action
    ).toBe('transferred')
    expect((await dst.resolve('stable')).digest).toBe(built.descriptor.digest)
  })

  it('falls through to a normal push when the check fails with anything but not-found', async () => {
    const src = new MemoryTarget()
    const built = artifact(src, { a: 'one' })
    const dst = new MemoryTarget()
    await copy(src, dst, built.descriptor, { tags: ['v1'] })
    dst.calls.length = 0
    dst.resolveError = new RegistryResponseError('HEAD', 'http://r/v2/m/manifests/v1', 500)
    const debug: string[] = []
    const logger = { debug: (m: string) => debug.push(m), info() {}, warning() {} }
    const r = await copy(src, dst, built.descriptor, { tags: ['v1'], logger })
    expect(r.upToDate).toBe(false)
    expect(dst.calls).toContain('tag v1')
    expect(dst.calls.filter(c => c.startsWith('push'))).toHaveLength(2)
    expect(debug.join('\n')).toMatch(/up-to-date check of tag v1 failed/)
  })

  it('does not ask when no tag is given', async () => {
    const src = new MemoryTarget()
    const built = artifact(src, { a: 'one' })
    const dst = new MemoryTarget()
    await copy(src, dst, built.descriptor)
    dst.calls.length = 0
    await copy(src, dst, built.descriptor)
    expect(dst.calls.some(c => c.startsWith('resolve'))).toBe(false)
    expect(dst.calls).toContain(`exists ${built.descriptor.digest}`)
  })

  it('does not ask when told the root cannot be there yet', async () => {
    const src = new MemoryTarget()
    const built = artifact(src, { a: 'one' })
    const dst = new MemoryTarget()
    await copy(src, dst, built.descriptor, { tags: ['v1'] })
    dst.calls.length = 0
    const r = await copy(src, dst, built.descriptor, { tags: ['v1'], checkUpToDate: false })
    expect(r.upToDate).toBe(false)
    expect(dst.calls.some(c => c.startsWith('resolve'))).toBe(false)
    expect(dst.calls).toContain('tag v1')
  })

  it('reports an up-to-date dry run as all skipped, writing nothing', async () => {
    const src = new MemoryTarget()
    const built = artifact(src, { a: 'one' })
    const dst = new MemoryTarget()
    await copy(src, dst, built.descriptor, { tags: ['v1'] })
    dst.calls.length = 0
    const r = await copy(src, dst, built.descriptor, { tags: ['v1'], dryRun: true })
    expect(dst.calls).toEqual(['resolve v1'])
    expect(r.events.every(e => e.action === 'skipped')).toBe(true)
  })

  it('walks an index from the source only, reporting each child manifest and blob', async () => {
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
    await copy(src, dst, root, { tags: ['v1'] })
    dst.calls.length = 0
    const r = await copy(src, dst, root, { tags: ['v1'] })
    expect(dst.calls).toEqual(['resolve v1'])
    expect(r.events.filter(e => e.manifest)).toHaveLength(3)
    expect(r.events.filter(e => !e.manifest)).toHaveLength(3) // a, b and the shared empty config
    expect(r.events.every(e => e.action === 'skipped')).toBe(true)
  })

  it('skips into an OCI layout whose tag already names the root', async () => {
    const src = new MemoryTarget()
    const built = artifact(src, { a: 'one', b: 'two' })
    const layout = await LayoutTarget.open(mkdtempSync(join(tmpdir(), 'copy-layout-')), {
      create: true
    })
    await copy(src, layout, built.descriptor, { tags: ['v1'] })
    const writes = [
      jest.spyOn(layout, 'exists'),
      jest.spyOn(layout, 'push'),
      jest.spyOn(layout, 'tag')
    ]
    const r = await copy(src, layout, built.descriptor, { tags: ['v1'] })
    expect(r.upToDate).toBe(true)
    for (const w of writes) expect(w).not.toHaveBeenCalled()
  })
})
