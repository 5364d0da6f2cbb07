/**
 * Parallel ranged download against the real registry, through the fault proxy (small thresholds:
 * a 700 KiB blob in 128 KiB ranges): every range asked for once and written in place, a reset in
 * one range resumed alone from the bytes it had written, a server that ignores Range served as one
 * stream, a redirect to storage followed without credentials, and the blob store filled the same way.
 */
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { copy, type RangeSettings } from '../../src/oci/copy.js'
import { digestBytes } from '../../src/oci/digest.js'
import { buildManifest } from '../../src/oci/manifest.js'
import { OutputFolder } from '../../src/oci/output/index.js'
import { parseReference } from '../../src/oci/reference.js'
import { RegistryTarget } from '../../src/oci/registry/index.js'
import { BlobStore } from '../../src/oci/store/index.js'
import { MemoryTarget } from '../helpers/memory-target.js'
import {
  startFaultProxy,
  startRegistry,
  startStorage,
  type FaultProxy,
  type ProxyLogEntry,
  type RunningRegistry,
  type StorageHost
} from './harness/index.js'

const KiB = 1024
const PART = 128 * KiB
// Always split (a loopback registry is fast enough that the default would keep one connection).
const RANGES: Partial<RangeSettings> = {
  threshold: 256 * KiB,
  partSize: PART,
  connections: 4,
  fastConnection: Infinity
}

function seeded(seed: string, size: number): Buffer {
  const out = Buffer.alloc(size)
  for (let off = 0, i = 0; off < size; i++) {
    off += createHash('sha256').update(`${seed}:${i}`).digest().copy(out, off)
  }
  return out
}

let reg: RunningRegistry
let proxy: FaultProxy
let storage: StorageHost
let work: string
let root: { digest: string; size: number; mediaType: string }
const targets: RegistryTarget[] = []
const model = seeded('ranged-model', 700 * KiB + 13)
const hex = digestBytes(model).slice(7)

function target(): RegistryTarget {
  const t = new RegistryTarget({
    reference: parseReference(`${proxy.host}/ranged/model`),
    credentials: async () => ({ username: reg.username!, password: reg.password! }),
    retry: { baseDelayMs: 20, maxDelayMs: 3000 },
    idleTimeoutMs: 1500
  })
  targets.push(t)
  return t
}

const modelGets = (): ProxyLogEntry[] =>
  proxy.log.filter(r => r.method === 'GET' && r.path.includes(hex) && r.status !== 307)

async function pull(): Promise<string> {
  const out = await mkdtemp(join(work, 'out-'))
  await copy(target(), new OutputFolder(out), root, { ranges: RANGES })
  expect(digestBytes(await readFile(join(out, 'model.bin')))).toBe(digestBytes(model))
  expect(await readdir(out)).toEqual(['model.bin'])
  return out
}

beforeAll(async () => {
  reg = await startRegistry({ auth: 'htpasswd' })
  proxy = await startFaultProxy(reg.host)
  storage = await startStorage(reg.dataDir)
  work = await mkdtemp(join(tmpdir(), 'oma-ranged-'))
  const src = new MemoryTarget()
  const layer = src.add(model, 'application/octet-stream', {
    'org.opencontainers.image.title': 'model.bin'
  })
  const built = buildManifest({ layers: [layer], artifactType: 'application/x-test' })
  src.blobs.set(built.descriptor.digest, built.bytes)
  src.blobs.set(built.manifest.config.digest, Buffer.from('{}'))
  await copy(src, target(), built.descriptor)
  root = built.descriptor
})
afterAll(async () => {
  for (const t of targets) await t.close()
  await proxy?.stop()
  await storage?.stop()
  await reg?.stop()
  await rm(work, { recursive: true, force: true })
})
beforeEach(() => {
  proxy.setRule(undefined)
  proxy.log.splice(0)
})

describe('parallel ranged pull', () => {
  it('asks for each range once and writes them in place', async () => {
    await pull()
    const ranges = modelGets().map(g => String(g.headers.range))
    const expected = Array.from({ length: Math.ceil(model.length / PART) }, (_, i) => {
      const end = Math.min(model.length, (i + 1) * PART)
      return `bytes=${i * PART}-${end - 1}`
    })
    expect(ranges.sort()).toEqual(expected.sort())
    expect(modelGets().every(g => g.status === 206)).toBe(true)
  })

  it('resumes a range reset midway alone, from the bytes it had written', async () => {
    let hit = false
    proxy.setRule(r => {
      if (hit || r.method !== 'GET' || !r.path.includes(hex)) return undefined
      if (r.headers.range !== `bytes=${2 * PART}-${3 * PART - 1}`) return undefined
      hit = true
      return { kind: 'reset-response', afterBytes: 60 * KiB }
    })
    await pull()
    const third = modelGets().filter(g => String(g.headers.range).endsWith(`-${3 * PART - 1}`))
    expect(third).toHaveLength(2)
    const from = Number(/^bytes=(\d+)-/.exec(String(third[1]?.headers.range))?.[1])
    expect(from).toBeGreaterThanOrEqual(2 * PART)
    expect(from).toBeLessThanOrEqual(2 * PART + 60 * KiB)
    // Only the reset range is asked again.
    expect(modelGets()).toHaveLength(Math.ceil(model.length / PART) + 1)
  })

  it('fetches one stream when the server ignores Range', async () => {
    proxy.setRule(r =>
      r.method === 'GET' && r.path.includes(hex) ? { kind: 'strip-range' } : undefined
    )
    await pull()
    // The first range is the probe: answered 200, dropped, then one plain GET.
    expect(modelGets().map(g => g.status)).toEqual([200, 200])
    expect(modelGets()[1]?.headers.range).toBeUndefined()
  })

  it('follows a redirect to storage for each range, without credentials', async () => {
    proxy.setRule(r =>
      r.method === 'GET' && r.path.includes(hex)
        ? { kind: 'redirect', location: storage.urlFor(digestBytes(model)) }
        : undefined
    )
    await pull()
    const seen = storage.seen.splice(0)
    expect(seen.some(e => e.headers.authorization !== undefined)).toBe(false)
    expect(seen.filter(e => /^bytes=\d+-\d+$/.test(String(e.headers.range)))).toHaveLength(
      Math.ceil(model.length / PART)
    )
  })

  it('fills the blob store with ranges too', async () => {
    const store = await BlobStore.openStore(await mkdtemp(join(work, 'store-')))
    await copy(target(), store, root, { ranges: RANGES })
    expect(await store.check({ ...root, digest: digestBytes(model), size: model.length })).toBe(
      true
    )
    expect(modelGets().length).toBe(Math.ceil(model.length / PART))
    await store.close()
  })
})
