/**
 * Faults between the client and a real distribution 2.8 registry, injected by our proxy
 * (harness/fault-proxy.ts): resets, truncation, corruption, stalls, 429/503 with Retry-After,
 * refused chunk sizes and chunked uploads, and blob redirects to a second host. Each pull must end
 * with byte-identical files (or, for corruption, a clean failure and nothing on disk); each push
 * with the blob stored whole, having re-sent as little as the registry allows.
 */
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { copy } from '../../src/oci/copy.js'
import { digestBytes } from '../../src/oci/digest.js'
import { DigestMismatchError, RateLimitedError } from '../../src/oci/errors.js'
import { buildManifest } from '../../src/oci/manifest.js'
import { OutputFolder } from '../../src/oci/output/index.js'
import { parseReference } from '../../src/oci/reference.js'
import { RegistryTarget, type RegistryTargetOptions } from '../../src/oci/registry/index.js'
import { forgetUploadMemory, type UploadStats } from '../../src/oci/registry/upload.js'
import type { Descriptor } from '../../src/oci/target.js'
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
const MiB = 1024 * KiB
const TITLE = 'org.opencontainers.image.title'

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
const targets: RegistryTarget[] = []
const uploads: UploadStats[] = []

const isBlobGet = (r: { method: string; path: string }): boolean =>
  r.method === 'GET' && /\/blobs\/sha256:/.test(r.path)
const isPatch = (r: { method: string }): boolean => r.method === 'PATCH'
const isUploadPut = (r: { method: string; path: string }): boolean =>
  r.method === 'PUT' && r.path.includes('/blobs/uploads/')

function target(repo: string, opts: Partial<RegistryTargetOptions> = {}): RegistryTarget {
  const t = new RegistryTarget({
    reference: parseReference(`${proxy.host}/${repo}`),
    credentials: async () => ({ username: reg.username!, password: reg.password! }),
    retry: { baseDelayMs: 20, maxDelayMs: 3000 },
    idleTimeoutMs: 1500,
    upload: { chunkThreshold: 1 * MiB, chunkSize: 1 * MiB, minChunkSize: 64 * KiB },
    onUpload: (_d, s) => uploads.push(s),
    ...opts
  })
  targets.push(t)
  return t
}

/** Pushes files as an artifact (through the proxy, with whatever rule is set). */
async function pushArtifact(
  repo: string,
  files: { title: string; bytes: Buffer }[],
  opts: Partial<RegistryTargetOptions> = {}
): Promise<Descriptor> {
  const src = new MemoryTarget()
  const layers = files.map(f => src.add(f.bytes, 'application/octet-stream', { [TITLE]: f.title }))
  const built = buildManifest({ layers, artifactType: 'application/vnd.example.model.v1' })
  src.blobs.set(built.descriptor.digest, built.bytes)
  src.blobs.set(built.manifest.config.digest, Buffer.from('{}'))
  const dest = target(repo, opts)
  await copy(src, dest, built.descriptor)
  await dest.tag(built.descriptor, 'v1', built.bytes)
  return built.descriptor
}

async function pullInto(repo: string, out: string, opts: Partial<RegistryTargetOptions> = {}) {
  const src = target(repo, opts)
  const root = await src.resolve('v1')
  const folder = new OutputFolder(out)
  await copy(src, folder, root)
  return folder
}

const blobGets = (): ProxyLogEntry[] => proxy.log.filter(isBlobGet)
const sum = (xs: ProxyLogEntry[], k: 'requestBytes' | 'responseBytes'): number =>
  xs.reduce((n, x) => n + x[k], 0)

beforeAll(async () => {
  reg = await startRegistry({ auth: 'htpasswd' })
  proxy = await startFaultProxy(reg.host)
  storage = await startStorage(reg.dataDir)
  work = await mkdtemp(join(tmpdir(), 'oma-faults-'))
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
  uploads.splice(0)
  forgetUploadMemory()
})

describe('pull through faults', () => {
  const model = seeded('pull-model', 700 * KiB + 13)
  const config = seeded('pull-config', 3 * KiB)
  let out: string
  let n = 0

  beforeAll(async () => {
    await pushArtifact('faults/pull', [
      { title: 'model.bin', bytes: model },
      { title: 'config.json', bytes: config }
    ])
  })
  beforeEach(async () => {
    out = join(work, `pull-${++n}`)
  })

  async function expectIdentical(): Promise<void> {
    expect(digestBytes(await readFile(join(out, 'model.bin')))).toBe(digestBytes(model))
    expect(digestBytes(await readFile(join(out, 'config.json')))).toBe(digestBytes(config))
    expect((await readdir(out)).sort()).toEqual(['config.json', 'model.bin'])
  }

  /** A rule that injects `fault` into the first GET of the model blob only. */
  function firstModelGet(fault: Parameters<FaultProxy['setRule']>[0]): void {
    let done = false
    proxy.setRule(r => {
      if (done || !isBlobGet(r) || !r.path.includes(digestBytes(model).slice(7))) return undefined
      done = true
      return fault?.(r)
    })
  }

  it('resumes a download reset midway with Range from the bytes already written', async () => {
    firstModelGet(() => ({ kind: 'reset-response', afterBytes: 300 * KiB }))
    await pullInto('faults/pull', out)
    await expectIdentical()
    const gets = blobGets().filter(g => g.path.includes(digestBytes(model).slice(7)))
    expect(gets).toHaveLength(2)
    // A reset (RST) also drops what sat unread in the client's socket buffer: the resume starts at
    // the bytes the client had verified and written, and the second GET carries exactly the rest.
    const from = Number(/^bytes=(\d+)-$/.exec(String(gets[1]?.headers.range))?.[1])
    expect(from).toBeGreaterThan(0)
    expect(from).toBeLessThanOrEqual(300 * KiB)
    expect(gets[1]?.responseBytes).toBe(model.length - from)
  })

  it('resumes a body that ends early (truncated, connection closed cleanly)', async () => {
    firstModelGet(() => ({ kind: 'truncate-response', afterBytes: 123_457 }))
    await pullInto('faults/pull', out)
    await expectIdentical()
    const gets = blobGets().filter(g => g.path.includes(digestBytes(model).slice(7)))
    // A clean close delivers every byte sent: not one is sent twice.
    expect(gets[1]?.headers.range).toBe('bytes=123457-')
    expect(sum(gets, 'responseBytes')).toBe(model.length)
  })

  it('detects a stalled body with the idle timeout and resumes', async () => {
    firstModelGet(() => ({ kind: 'stall-response', afterBytes: 200 * KiB }))
    const t0 = Date.now()
    await pullInto('faults/pull', out, { idleTimeoutMs: 700 })
    await expectIdentical()
    expect(Date.now() - t0).toBeLessThan(10_000)
    const gets = blobGets().filter(g => g.path.includes(digestBytes(model).slice(7)))
    expect(gets[1]?.headers.range).toBe(`bytes=${200 * KiB}-`)
    expect(sum(gets, 'responseBytes')).toBe(model.length)
  })

  it('falls back to dropping bytes itself when the server ignores Range', async () => {
    let count = 0
    proxy.setRule(r => {
      if (!isBlobGet(r) || !r.path.includes(digestBytes(model).slice(7))) return undefined
      return ++count === 1
        ? { kind: 'reset-response', afterBytes: 100 * KiB }
        : { kind: 'strip-range' }
    })
    await pullInto('faults/pull', out)
    await expectIdentical()
    expect(count).toBe(2)
  })

  it('waits out 503 and 429 with Retry-After, then succeeds', async () => {
    let count = 0
    proxy.setRule(r => {
      if (r.method !== 'GET' || !r.path.includes('/manifests/')) return undefined
      count++
      if (count === 1) return { kind: 'status', status: 503, headers: { 'retry-after': '1' } }
      if (count === 2) return { kind: 'status', status: 429, headers: { 'retry-after': '1' } }
      return undefined
    })
    const t0 = Date.now()
    await pullInto('faults/pull', out)
    await expectIdentical()
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1900)
  })

  it('explains a rate limit that outlasts the retries', async () => {
    proxy.setRule(r =>
      r.method === 'GET' && r.path.includes('/manifests/')
        ? {
            kind: 'status',
            status: 429,
            headers: { 'retry-after': '3600', 'content-type': 'application/json' },
            body: '{"errors":[{"code":"TOOMANYREQUESTS","message":"pull rate limit exceeded"}]}'
          }
        : undefined
    )
    const err = await pullInto('faults/pull', out).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RateLimitedError)
    expect(String(err)).toMatch(/TOOMANYREQUESTS: pull rate limit exceeded/)
    expect(String(err)).toMatch(/asked to wait 3600 s/)
    // Retry-After beyond the retry budget: not waited for, one GET only.
    expect(
      proxy.log.filter(r => r.method === 'GET' && r.path.includes('/manifests/'))
    ).toHaveLength(1)
  })

  it('fails a corrupted blob with both digests and leaves nothing on disk', async () => {
    firstModelGet(() => ({ kind: 'corrupt-response', atByte: 4242 }))
    const err = await pullInto('faults/pull', out).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DigestMismatchError)
    expect(String(err)).toContain(`expected ${digestBytes(model)}`)
    expect(String(err)).toMatch(/got sha256:[a-f0-9]{64}/)
    const left = await readdir(out).catch(() => [] as string[])
    expect(left.filter(f => f !== 'config.json')).toEqual([])
  })

  it('follows a blob redirect to another host without sending it the credentials', async () => {
    let resetOnce = false
    proxy.setRule(r => {
      if (!isBlobGet(r)) return undefined
      if (!resetOnce && r.path.includes(digestBytes(model).slice(7)) && !r.headers.range) {
        // The registry answers the first GET itself and breaks; the resumed one is redirected.
        resetOnce = true
        return { kind: 'reset-response', afterBytes: 64 * KiB }
      }
      return { kind: 'redirect', location: storage.urlFor(r.path.split('/blobs/')[1] as string) }
    })
    storage.seen.splice(0)
    await pullInto('faults/pull', out)
    await expectIdentical()
    expect(storage.seen.length).toBeGreaterThanOrEqual(2)
    for (const s of storage.seen) expect(s.headers.authorization).toBeUndefined()
    expect(storage.seen.some(s => /^bytes=\d+-$/.test(String(s.headers.range)))).toBe(true)
    // The registry itself did get credentials (sent up front after the first challenge).
    expect(blobGets().every(g => /^(Basic|Bearer) /.test(String(g.headers.authorization)))).toBe(
      true
    )
  })
})

describe('push through faults', () => {
  const big = seeded('push-big', 3 * MiB + 4321)
  const small = seeded('push-small', 300 * KiB + 5)
  let n = 0

  async function pulledBack(repo: string): Promise<string> {
    const out = join(work, `back-${++n}`)
    proxy.setRule(undefined)
    await pullInto(repo, out)
    return digestBytes(await readFile(join(out, 'big.bin')))
  }

  it('uploads a large blob in chunks and a small one in one PUT', async () => {
    await pushArtifact('faults/push-plain', [
      { title: 'big.bin', bytes: big },
      { title: 'small.bin', bytes: small }
    ])
    expect(proxy.log.filter(isPatch)).toHaveLength(4)
    expect(proxy.log.filter(isPatch).map(p => p.headers['content-range'])).toEqual([
      `0-${MiB - 1}`,
      `${MiB}-${2 * MiB - 1}`,
      `${2 * MiB}-${3 * MiB - 1}`,
      `${3 * MiB}-${big.length - 1}`
    ])
    expect(sum(proxy.log.filter(isPatch), 'requestBytes')).toBe(big.length)
    expect(await pulledBack('faults/push-plain')).toBe(digestBytes(big))
  })

  it('retries a chunk answered 503 with Retry-After, re-sending only that chunk', async () => {
    let count = 0
    proxy.setRule(r =>
      isPatch(r) && ++count === 2
        ? { kind: 'status', status: 503, headers: { 'retry-after': '1' } }
        : undefined
    )
    await pushArtifact('faults/push-503', [{ title: 'big.bin', bytes: big }])
    expect(sum(proxy.log.filter(isPatch), 'requestBytes')).toBe(big.length + MiB)
    expect(await pulledBack('faults/push-503')).toBe(digestBytes(big))
  })

  it('recovers from a connection reset in the middle of a chunk', async () => {
    let count = 0
    proxy.setRule(r =>
      isPatch(r) && ++count === 3 ? { kind: 'reset-request', afterBytes: 300 * KiB } : undefined
    )
    await pushArtifact('faults/push-reset', [{ title: 'big.bin', bytes: big }])
    expect(await pulledBack('faults/push-reset')).toBe(digestBytes(big))
    const sent = sum(
      proxy.log.filter(r => isPatch(r) || isUploadPut(r)),
      'requestBytes'
    )
    // distribution 2.8 cancels a session whose bytes no longer match its signed `_state` (a PATCH
    // cut midway wrote part of its body), so the upload starts a new session: the status request
    // is answered 400/404, never with a wrong offset.
    // (+2: the config blob `{}`.)
    expect(sent).toBeLessThanOrEqual(big.length + 2 * MiB + 300 * KiB + 2)
    expect(uploads[0]?.sessions).toBeGreaterThanOrEqual(1)
  })

  it('detects an upload the server stopped reading (stall) and goes on', async () => {
    let count = 0
    proxy.setRule(r =>
      isPatch(r) && ++count === 2 ? { kind: 'stall-request', afterBytes: 100 * KiB } : undefined
    )
    const t0 = Date.now()
    await pushArtifact('faults/push-stall', [{ title: 'big.bin', bytes: big }], {
      idleTimeoutMs: 700
    })
    expect(Date.now() - t0).toBeLessThan(15_000)
    expect(await pulledBack('faults/push-stall')).toBe(digestBytes(big))
  })

  it('restarts a monolithic PUT reset midway in a new session', async () => {
    let count = 0
    proxy.setRule(r =>
      isUploadPut(r) && r.path.includes(digestBytes(small).slice(7)) && ++count === 1
        ? { kind: 'reset-request', afterBytes: 50 * KiB }
        : undefined
    )
    await pushArtifact('faults/push-put', [{ title: 'big.bin', bytes: small }], {
      upload: { chunkThreshold: 10 * MiB }
    })
    const puts = proxy.log.filter(
      r => isUploadPut(r) && r.path.includes(digestBytes(small).slice(7))
    )
    expect(puts).toHaveLength(2)
    expect(puts[1]?.requestBytes).toBe(small.length)
    expect(await pulledBack('faults/push-put')).toBe(digestBytes(small))
  })

  it('shrinks chunks a registry refuses as too large (416) and remembers it', async () => {
    proxy.setRule(r =>
      isPatch(r) && Number(r.headers['content-length']) > 512 * KiB
        ? { kind: 'status', status: 416 }
        : undefined
    )
    await pushArtifact('faults/push-416', [{ title: 'big.bin', bytes: big }], {
      upload: { chunkThreshold: 1 * MiB, chunkSize: 2 * MiB, minChunkSize: 64 * KiB }
    })
    expect(await pulledBack('faults/push-416')).toBe(digestBytes(big))
    const refused = proxy.log.filter(r => isPatch(r) && r.status === 416)
    expect(refused.length).toBeGreaterThanOrEqual(1)
    expect(refused.length).toBeLessThanOrEqual(2)
    // Learned for the run: a second blob sends small chunks from the start.
    proxy.log.splice(0)
    await pushArtifact('faults/push-416b', [{ title: 'big.bin', bytes: seeded('other', 2 * MiB) }])
    expect(proxy.log.filter(r => isPatch(r) && r.status === 416)).toHaveLength(0)
  })

  it('falls back to one PUT when the registry refuses chunked uploads, and remembers it', async () => {
    proxy.setRule(r => (isPatch(r) ? { kind: 'status', status: 405 } : undefined))
    await pushArtifact('faults/push-405', [{ title: 'big.bin', bytes: big }])
    expect(proxy.log.filter(isPatch)).toHaveLength(1)
    expect(await pulledBack('faults/push-405')).toBe(digestBytes(big))
    proxy.log.splice(0)
    proxy.setRule(r => (isPatch(r) ? { kind: 'status', status: 405 } : undefined))
    await pushArtifact('faults/push-405b', [{ title: 'big.bin', bytes: seeded('o2', 2 * MiB) }])
    expect(proxy.log.filter(isPatch)).toHaveLength(0)
  })

  it('reads a 201 to a PATCH as accepted (ECR)', async () => {
    proxy.setRule(r => (isPatch(r) ? { kind: 'rewrite', status: 201 } : undefined))
    await pushArtifact('faults/push-ecr', [{ title: 'big.bin', bytes: big }])
    expect(proxy.log.filter(isPatch).map(p => p.status)).toEqual([201, 201, 201, 201])
    expect(await pulledBack('faults/push-ecr')).toBe(digestBytes(big))
  })

  it('honours OCI-Chunk-Min-Length from the registry', async () => {
    proxy.setRule(r =>
      r.method === 'POST' && r.path.endsWith('/blobs/uploads/')
        ? { kind: 'rewrite', headers: { 'oci-chunk-min-length': String(1536 * KiB) } }
        : undefined
    )
    await pushArtifact('faults/push-min', [{ title: 'big.bin', bytes: big }])
    const sizes = proxy.log.filter(isPatch).map(p => p.requestBytes)
    expect(sizes).toEqual([1536 * KiB, 1536 * KiB, big.length - 3 * MiB])
    expect(await pulledBack('faults/push-min')).toBe(digestBytes(big))
  })

  it('starts a new session when the registry dropped the one in use (404)', async () => {
    let count = 0
    proxy.setRule(r =>
      isPatch(r) && ++count === 3
        ? {
            kind: 'status',
            status: 404,
            headers: { 'content-type': 'application/json' },
            body: '{"errors":[{"code":"BLOB_UPLOAD_UNKNOWN"}]}'
          }
        : undefined
    )
    await pushArtifact('faults/push-404', [{ title: 'big.bin', bytes: big }])
    expect(proxy.log.filter(r => r.method === 'POST' && r.path.endsWith('/uploads/')).length).toBe(
      3 // config, first session of the big blob, its replacement
    )
    expect(await pulledBack('faults/push-404')).toBe(digestBytes(big))
  })

  it('leaves the old tag when a push fails, and no manifest is written', async () => {
    const first = await pushArtifact('faults/push-tag', [{ title: 'big.bin', bytes: small }])
    proxy.log.splice(0)
    proxy.setRule(r =>
      isUploadPut(r) || isPatch(r)
        ? {
            kind: 'status',
            status: 400,
            headers: { 'content-type': 'application/json' },
            body: '{"errors":[{"code":"BLOB_UPLOAD_INVALID","message":"nope"}]}'
          }
        : undefined
    )
    const err = await pushArtifact('faults/push-tag', [
      { title: 'big.bin', bytes: seeded('v2', 10 * KiB) }
    ]).catch((e: unknown) => e)
    expect(String(err)).toMatch(/400 \(BLOB_UPLOAD_INVALID: nope\)/)
    expect(proxy.log.filter(r => r.method === 'PUT' && r.path.includes('/manifests/'))).toEqual([])
    proxy.setRule(undefined)
    const now = await target('faults/push-tag').resolve('v1')
    expect(now.digest).toBe(first.digest)
  })
})
