import { describe, expect, it } from '@jest/globals'
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  mkdirSync
} from 'node:fs'
import { stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { BlobStore } from '../src/oci/store/blob-store.js'
import { digestBytes } from '../src/oci/digest.js'
import { LayoutTarget } from '../src/oci/layout/index.js'
import type { Descriptor } from '../src/oci/target.js'

const blob = (text: string): { desc: Descriptor; bytes: Buffer } => {
  const bytes = Buffer.from(text)
  return {
    bytes,
    desc: { mediaType: 'application/octet-stream', digest: digestBytes(bytes), size: bytes.length }
  }
}
const opener = (bytes: Buffer) => async (offset: number) => Readable.from([bytes.subarray(offset)])
const dir = (): string => mkdtempSync(join(tmpdir(), 'store-'))

describe('BlobStore', () => {
  it('is an OCI image layout that LayoutTarget reads', async () => {
    const path = dir()
    const store = await BlobStore.openStore(path)
    const b = blob('hello')
    expect(await store.push(b.desc, opener(b.bytes))).toBe('uploaded')
    expect(await store.push(b.desc, opener(b.bytes))).toBe('existed')
    // Written and verified here: trusted by the memo without a re-hash.
    const file = store.blobPath(b.desc.digest)
    expect(store.memo.get(file, await stat(file, { bigint: true }))).toBe(b.desc.digest)
    const layout = await LayoutTarget.open(path)
    expect(await layout.exists(b.desc)).toBe(true)
    expect(readdirSync(join(path, 'tmp'))).toEqual([])
  })

  it('opens concurrently without either open failing', async () => {
    const path = join(dir(), 'new')
    const stores = await Promise.all(Array.from({ length: 8 }, () => BlobStore.openStore(path)))
    expect(stores).toHaveLength(8)
    expect(JSON.parse(readFileSync(join(path, 'oci-layout'), 'utf8'))).toEqual({
      imageLayoutVersion: '1.0.0'
    })
  })

  it('concurrent fills of one blob: first writer wins, content intact, no temp left', async () => {
    const path = dir()
    const [a, b] = await Promise.all([BlobStore.openStore(path), BlobStore.openStore(path)])
    const x = blob('x'.repeat(100_000))
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).push(x.desc, opener(x.bytes)))
    )
    expect(outcomes).toContain('uploaded')
    expect(readFileSync(a.blobPath(x.desc.digest))).toEqual(x.bytes)
    expect(readdirSync(join(path, 'tmp'))).toEqual([])
  })

  it('never stores content that does not match its digest', async () => {
    const store = await BlobStore.openStore(dir())
    const x = blob('right')
    await expect(store.push(x.desc, opener(Buffer.from('wrong')))).rejects.toThrow()
    expect(existsSync(store.blobPath(x.desc.digest))).toBe(false)
    expect(readdirSync(join(store.path, 'tmp'))).toEqual([])
  })

  it('check() trusts an unchanged verified blob, and evicts a corrupt or truncated one', async () => {
    const warnings: string[] = []
    const logger = { debug() {}, info() {}, warning: (m: string) => warnings.push(m) }
    const store = await BlobStore.openStore(dir(), { logger })
    const x = blob('some model bytes')
    const y = blob('other model bytes')
    await store.push(x.desc, opener(x.bytes))
    await store.push(y.desc, opener(y.bytes))
    expect(await store.check(x.desc)).toBe(true)
    writeFileSync(store.blobPath(x.desc.digest), 'SOME MODEL BYTES') // same size
    expect(await store.check(x.desc)).toBe(false)
    expect(existsSync(store.blobPath(x.desc.digest))).toBe(false)
    writeFileSync(store.blobPath(y.desc.digest), 'other')
    expect(await store.check(y.desc)).toBe(false)
    expect(warnings).toHaveLength(2)
    expect(await store.check(blob('absent').desc)).toBe(false)
  })

  it('check() re-hashes a blob it did not verify itself (e.g. restored), then trusts it', async () => {
    const store = await BlobStore.openStore(dir())
    const x = blob('restored')
    mkdirSync(join(store.path, 'blobs', 'sha256'), { recursive: true })
    writeFileSync(store.blobPath(x.desc.digest), x.bytes)
    expect(await store.check(x.desc)).toBe(true)
    expect(store.memo.size).toBe(1)
  })

  it('prune() evicts least recently used blobs over the limit, sparing recent and kept ones', async () => {
    let clock = Date.now()
    const store = await BlobStore.openStore(dir(), { now: () => clock })
    const blobs = ['a', 'b', 'c', 'd'].map(c => blob(c.repeat(1000)))
    for (const b of blobs) {
      await store.push(b.desc, opener(b.bytes))
      clock += 60 * 60 * 1000
    }
    // a is used again: now b is the least recently used.
    await store.touch(blobs[0]!.desc.digest)
    clock += 60 * 60 * 1000
    const r = await store.prune(2500, { keep: new Set([blobs[1]!.desc.digest]) })
    expect(r).toEqual({ totalBytes: 2000, evictedBlobs: 2, evictedBytes: 2000 })
    const left = blobs.filter(b => existsSync(store.blobPath(b.desc.digest))).map(b => b.bytes[0])
    expect(Buffer.from(left as number[]).toString()).toBe('ab')

    // Within the grace period nothing is evicted, even over the limit.
    expect((await store.prune(0, { graceMs: 24 * 60 * 60 * 1000 })).evictedBlobs).toBe(0)
  })

  it('adopt() takes in a verified file and refuses one that does not verify', async () => {
    const store = await BlobStore.openStore(dir())
    const other = dir()
    const x = blob('from the cache archive')
    writeFileSync(join(other, 'x'), x.bytes)
    expect(await store.adopt(join(other, 'x'), x.desc)).toBe(true)
    expect(readFileSync(store.blobPath(x.desc.digest))).toEqual(x.bytes)
    expect(await store.check(x.desc)).toBe(true)
    const y = blob('expected')
    writeFileSync(join(other, 'y'), 'tampered')
    expect(await store.adopt(join(other, 'y'), y.desc)).toBe(false)
    expect(existsSync(store.blobPath(y.desc.digest))).toBe(false)
  })

  it('withExport() links blobs into a folder for the duration, and keeps them trusted', async () => {
    const store = await BlobStore.openStore(dir())
    const x = blob('exported')
    await store.push(x.desc, opener(x.bytes))
    const out = join(dir(), 'transfer')
    const seen = await store.withExport(out, [x.desc], async () =>
      readdirSync(join(out, 'blobs', 'sha256'))
    )
    expect(seen).toEqual([x.desc.digest.slice(7)])
    expect(existsSync(out)).toBe(false)
    // Still trusted by the memo after the link count went up and down (no re-hash needed).
    const file = store.blobPath(x.desc.digest)
    expect(store.memo.get(file, await stat(file, { bigint: true }))).toBe(x.desc.digest)
  })
})
