import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { copy, fetchManifest } from '../src/oci/copy.js'
import { digestBytes } from '../src/oci/digest.js'
import { DigestMismatchError, InvalidInputError, NotFoundError } from '../src/oci/errors.js'
import { LayoutTarget, REF_NAME } from '../src/oci/layout/index.js'
import { buildManifest, EMPTY_DESCRIPTOR, EMPTY_JSON } from '../src/oci/manifest.js'
import { readLimited } from '../src/oci/stream-utils.js'
import type { ContentOpener, Descriptor } from '../src/oci/target.js'
import { seededBytes } from './helpers/model.js'
import { skopeo } from './helpers/skopeo.js'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'layout-test-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

let n = 0
const fresh = (): string => join(root, `l${n++}`)

function blob(seed: string, size: number, mediaType = 'application/octet-stream') {
  const bytes = seededBytes(seed, size)
  const descriptor: Descriptor = { mediaType, digest: digestBytes(bytes), size }
  const open: ContentOpener = async offset => Readable.from([bytes.subarray(offset)])
  return { bytes, descriptor, open }
}

/** An opener whose first `failures` streams break after `cut` bytes; records the offsets asked. */
function flaky(bytes: Buffer, failures: number, cut: number) {
  const offsets: number[] = []
  const open: ContentOpener = async offset => {
    offsets.push(offset)
    const rest = bytes.subarray(offset)
    if (offsets.length > failures) return Readable.from([rest])
    return new Readable({
      read() {
        this.push(rest.subarray(0, cut))
        this.destroy(new Error('connection reset'))
      }
    })
  }
  return { open, offsets }
}

async function layoutWith(files: Record<string, Buffer>) {
  const layout = await LayoutTarget.open(fresh(), { create: true })
  const layers: Descriptor[] = []
  for (const [title, bytes] of Object.entries(files)) {
    const d: Descriptor = {
      mediaType: 'application/octet-stream',
      digest: digestBytes(bytes),
      size: bytes.length,
      annotations: { 'org.opencontainers.image.title': title }
    }
    await layout.push(d, async o => Readable.from([bytes.subarray(o)]))
    layers.push(d)
  }
  await layout.push(EMPTY_DESCRIPTOR, async o => Readable.from([EMPTY_JSON.subarray(o)]))
  const built = buildManifest({ layers, artifactType: 'application/vnd.test.model' })
  await layout.tag(built.descriptor, 'v1', built.bytes)
  return { layout, built, layers }
}

describe('LayoutTarget.open', () => {
  it('creates a missing folder as a layout with oci-layout and an empty index', async () => {
    const dir = join(fresh(), 'nested', 'deeper')
    await LayoutTarget.open(dir, { create: true })
    expect(JSON.parse(await readFile(join(dir, 'oci-layout'), 'utf8'))).toEqual({
      imageLayoutVersion: '1.0.0'
    })
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'))
    expect(index).toMatchObject({ schemaVersion: 2, manifests: [] })
  })

  it('turns an empty folder into a layout', async () => {
    const dir = fresh()
    await mkdir(dir)
    await LayoutTarget.open(dir, { create: true })
    expect(existsSync(join(dir, 'oci-layout'))).toBe(true)
  })

  it('refuses a non-empty folder that is not a layout, and writes nothing into it', async () => {
    const dir = fresh()
    await mkdir(dir)
    await writeFile(join(dir, 'notes.txt'), 'mine')
    await expect(LayoutTarget.open(dir, { create: true })).rejects.toThrow(InvalidInputError)
    await expect(LayoutTarget.open(dir, { create: true })).rejects.toThrow(
      /not an OCI image layout/
    )
    expect(await readdir(dir)).toEqual(['notes.txt'])
  })

  it('does not create anything when opening for reading', async () => {
    const dir = fresh()
    await expect(LayoutTarget.open(dir)).rejects.toThrow(NotFoundError)
    expect(existsSync(dir)).toBe(false)
  })

  it('refuses an unknown layout version', async () => {
    const dir = fresh()
    await mkdir(dir)
    await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"9.9.9"}')
    await expect(LayoutTarget.open(dir)).rejects.toThrow(/9\.9\.9/)
  })
})

describe('LayoutTarget blobs', () => {
  it('stores, reports and streams a blob from an offset', async () => {
    const layout = await LayoutTarget.open(fresh(), { create: true })
    const b = blob('blob-1', 300_000)
    expect(await layout.exists(b.descriptor)).toBe(false)
    expect(await layout.push(b.descriptor, b.open)).toBe('uploaded')
    expect(await layout.push(b.descriptor, b.open)).toBe('existed')
    expect(await layout.exists(b.descriptor)).toBe(true)
    expect(await layout.exists({ ...b.descriptor, size: 1 })).toBe(false)
    expect(digestBytes(await readFile(layout.blobPath(b.descriptor.digest)))).toBe(
      digestBytes(b.bytes)
    )
    const tail = await readLimited(await layout.fetch(b.descriptor, 1000), 1 << 20, 'blob')
    expect(digestBytes(tail)).toBe(digestBytes(b.bytes.subarray(1000)))
    expect(layout.blobPath(b.descriptor.digest)).toBe(
      join(layout.path, 'blobs', 'sha256', b.descriptor.digest.slice(7))
    )
  })

  it('refuses corrupt content and leaves neither the blob nor a temp file', async () => {
    const layout = await LayoutTarget.open(fresh(), { create: true })
    const b = blob('blob-2', 10_000)
    const bad = Buffer.from(b.bytes)
    bad[5000] = (bad[5000] as number) ^ 1
    await expect(
      layout.push(b.descriptor, async o => Readable.from([bad.subarray(o)]))
    ).rejects.toThrow(DigestMismatchError)
    const short = b.bytes.subarray(0, 9000)
    await expect(
      layout.push(b.descriptor, async o => Readable.from([short.subarray(o)]))
    ).rejects.toThrow(DigestMismatchError)
    expect(await layout.exists(b.descriptor)).toBe(false)
    expect((await readdir(layout.path)).sort()).toEqual(['blobs', 'index.json', 'oci-layout'])
    expect(await readdir(join(layout.path, 'blobs', 'sha256'))).toEqual([])
  })

  it('resumes a failing source from the bytes written, continuing the same hash', async () => {
    const layout = await LayoutTarget.open(fresh(), { create: true })
    const b = blob('blob-3', 200_000)
    const f = flaky(b.bytes, 2, 70_000)
    expect(await layout.push(b.descriptor, f.open)).toBe('uploaded')
    expect(f.offsets).toEqual([0, 70_000, 140_000])
    expect(digestBytes(await readFile(layout.blobPath(b.descriptor.digest)))).toBe(
      digestBytes(b.bytes)
    )
  })

  it('gives up after a bounded number of resumes without progress and cleans up', async () => {
    const layout = await LayoutTarget.open(fresh(), { create: true, maxResumes: 2 })
    const b = blob('blob-4', 50_000)
    const f = flaky(b.bytes, 10, 0)
    await expect(layout.push(b.descriptor, f.open)).rejects.toThrow(/connection reset/)
    expect(f.offsets).toEqual([0, 0, 0])
    expect((await readdir(layout.path)).sort()).toEqual(['blobs', 'index.json', 'oci-layout'])
  })

  it('keeps resuming a source that fails often but moves forward each time', async () => {
    const layout = await LayoutTarget.open(fresh(), { create: true, maxResumes: 2 })
    const b = blob('blob-4b', 50_000)
    const f = flaky(b.bytes, 10, 1000)
    await expect(layout.push(b.descriptor, f.open)).resolves.toBe('uploaded')
    expect(f.offsets).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000])
  })

  it('fetch of a missing blob is NotFoundError, of a wrong-size blob a DigestMismatchError', async () => {
    const layout = await LayoutTarget.open(fresh(), { create: true })
    const b = blob('blob-5', 100)
    await expect(layout.fetch(b.descriptor)).rejects.toThrow(NotFoundError)
    await layout.push(b.descriptor, b.open)
    await expect(layout.fetch({ ...b.descriptor, size: 99 })).rejects.toThrow(DigestMismatchError)
  })

  it('writes the same blob from parallel pushes once', async () => {
    const layout = await LayoutTarget.open(fresh(), { create: true })
    const b = blob('blob-6', 500_000)
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => layout.push(b.descriptor, b.open)))
    expect(outcomes).toContain('uploaded')
    expect(digestBytes(await readFile(layout.blobPath(b.descriptor.digest)))).toBe(
      digestBytes(b.bytes)
    )
    expect(await readdir(join(layout.path, 'blobs', 'sha256'))).toHaveLength(1)
  })
})

describe('LayoutTarget tags and resolve', () => {
  it('tags a manifest, resolves the tag and the digest, lists tags', async () => {
    const { layout, built } = await layoutWith({ 'a.bin': seededBytes('a', 100) })
    expect(await layout.resolve('v1')).toMatchObject({
      digest: built.descriptor.digest,
      size: built.descriptor.size,
      mediaType: built.descriptor.mediaType
    })
    expect((await layout.resolve(built.descriptor.digest)).digest).toBe(built.descriptor.digest)
    expect(await layout.exists(built.descriptor)).toBe(true)
    expect(await layout.tags()).toEqual(['v1'])
    await expect(layout.resolve('nope')).rejects.toThrow(/tag "nope" is not in .*\(tags: v1\)/)
  })

  it('moves a tag: the older entry with that name is replaced', async () => {
    const { layout, built } = await layoutWith({ 'a.bin': seededBytes('a', 100) })
    const other = buildManifest({ layers: [], artifactType: 'application/vnd.test.other' })
    await layout.tag(other.descriptor, 'v1', other.bytes)
    await layout.tag(built.descriptor, 'stable', built.bytes)
    const index = JSON.parse(await readFile(join(layout.path, 'index.json'), 'utf8'))
    const names = index.manifests.map((m: Descriptor) => m.annotations?.[REF_NAME])
    expect(names.sort()).toEqual(['stable', 'v1'])
    expect((await layout.resolve('v1')).digest).toBe(other.descriptor.digest)
    expect(await layout.tags()).toEqual(['stable', 'v1'])
  })

  it('serializes concurrent tag updates so none is lost', async () => {
    const { layout, built } = await layoutWith({ 'a.bin': seededBytes('a', 10) })
    const again = await LayoutTarget.open(layout.path)
    const tags = Array.from({ length: 20 }, (_, i) => `t${i}`)
    await Promise.all(
      tags.map((t, i) => (i % 2 ? again : layout).tag(built.descriptor, t, built.bytes))
    )
    expect(await layout.tags()).toEqual([...tags, 'v1'].sort())
    expect((await readdir(layout.path)).sort()).toEqual(['blobs', 'index.json', 'oci-layout'])
  })

  it('refuses to tag with manifest bytes that do not match the descriptor', async () => {
    const { layout, built } = await layoutWith({})
    await expect(layout.tag(built.descriptor, 'x', Buffer.from('{}'))).rejects.toThrow(
      DigestMismatchError
    )
    await expect(layout.tag(built.descriptor, 'bad tag', built.bytes)).rejects.toThrow(
      InvalidInputError
    )
  })

  it('resolves a digest that is only a blob by reading its mediaType', async () => {
    const layout = await LayoutTarget.open(fresh(), { create: true })
    const m = buildManifest({ layers: [], artifactType: 'application/vnd.test.x' })
    await layout.push(m.descriptor, async o => Readable.from([m.bytes.subarray(o)]))
    expect(await layout.resolve(m.descriptor.digest)).toEqual({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: m.descriptor.digest,
      size: m.descriptor.size
    })
    const b = blob('not-json', 50)
    await layout.push(b.descriptor, b.open)
    await expect(layout.resolve(b.descriptor.digest)).rejects.toThrow(/not a manifest/)
    await expect(layout.resolve(digestBytes(Buffer.from('none')))).rejects.toThrow(NotFoundError)
  })

  it('copies a whole artifact from one layout to another', async () => {
    const { layout, built } = await layoutWith({
      'a.bin': seededBytes('a', 70_000),
      'b.json': Buffer.from('{"b":1}')
    })
    const dest = await LayoutTarget.open(fresh(), { create: true })
    await copy(layout, dest, built.descriptor)
    await dest.tag(built.descriptor, 'copied', built.bytes)
    const { parsed } = await fetchManifest(dest, await dest.resolve('copied'))
    expect(parsed.kind).toBe('manifest')
  })
})

describe('skopeo interop', () => {
  it('skopeo reads our layout, and we read the layout skopeo writes', async () => {
    const files = { 'model.bin': seededBytes('skopeo', 123_457), 'cfg.json': Buffer.from('{}\n') }
    const { layout, built, layers } = await layoutWith(files)
    const viaSkopeo = fresh()
    await skopeo(['copy', `oci:${layout.path}:v1`, `oci:${viaSkopeo}:copied`])
    const back = fresh()
    await skopeo(['copy', `oci:${viaSkopeo}:copied`, `oci:${back}:back`])

    for (const dir of [viaSkopeo, back]) {
      const theirs = await LayoutTarget.open(dir)
      const tag = dir === back ? 'back' : 'copied'
      const desc = await theirs.resolve(tag)
      expect(desc.digest).toBe(built.descriptor.digest)
      const { parsed } = await fetchManifest(theirs, desc)
      if (parsed.kind !== 'manifest') throw new Error('expected a manifest')
      expect(parsed.manifest.layers.map(l => l.digest)).toEqual(layers.map(l => l.digest))
      for (const [i, l] of parsed.manifest.layers.entries()) {
        const bytes = await readLimited(await theirs.fetch(l), 1 << 20, 'layer')
        expect(digestBytes(bytes)).toBe(digestBytes(Object.values(files)[i] as Buffer))
      }
      expect(await theirs.tags()).toEqual([tag])
    }

    // And we write into skopeo's layout: a second tag, which skopeo can then read.
    const theirs = await LayoutTarget.open(viaSkopeo, { create: true })
    await theirs.tag(built.descriptor, 'ours', built.bytes)
    const inspected = JSON.parse(await skopeo(['inspect', '--raw', `oci:${viaSkopeo}:ours`]))
    expect(inspected.artifactType).toBe('application/vnd.test.model')
  })
})
