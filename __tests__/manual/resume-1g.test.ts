/**
 * Measurement, not part of `npm test`: a 1 GiB blob pushed and pulled through the fault proxy in
 * front of distribution 2.8, with a fault in the middle, counting the bytes that crossed the proxy
 * beyond the blob's size (bytes re-sent). Run:
 *
 *   OMA_MANUAL=1 NODE_OPTIONS=--experimental-vm-modules npx jest --selectProjects manual
 *
 * Results are printed as a table (and written to $OMA_RESULTS when set).
 */
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { copy } from '../../src/oci/copy.js'
import { digestFile } from '../../src/oci/digest.js'
import { buildManifest } from '../../src/oci/manifest.js'
import { OutputFolder } from '../../src/oci/output/index.js'
import { parseReference } from '../../src/oci/reference.js'
import { RegistryTarget } from '../../src/oci/registry/index.js'
import { forgetUploadMemory, type UploadStats } from '../../src/oci/registry/upload.js'
import type { Descriptor, ReadOnlyTarget } from '../../src/oci/target.js'
import {
  startFaultProxy,
  startRegistry,
  type Fault,
  type FaultProxy,
  type ProxiedRequest,
  type RunningRegistry
} from '../integration/harness/index.js'

const MiB = 1024 * 1024
const SIZE = 1024 * MiB
const TITLE = 'org.opencontainers.image.title'

let reg: RunningRegistry
let proxy: FaultProxy
let work: string
let file: string
let desc: Descriptor
const rows: string[] = []

/** A read-only source over one file and its manifest. */
function fileSource(manifest: { descriptor: Descriptor; bytes: Buffer }): ReadOnlyTarget {
  return {
    name: 'file',
    resolve: async () => manifest.descriptor,
    fetch: async (d: Descriptor, offset = 0): Promise<Readable> => {
      if (d.digest === manifest.descriptor.digest) {
        return (await import('node:stream')).Readable.from([manifest.bytes.subarray(offset)])
      }
      if (d.digest === desc.digest) return createReadStream(file, { start: offset })
      return (await import('node:stream')).Readable.from([Buffer.from('{}').subarray(offset)])
    }
  }
}

beforeAll(async () => {
  reg = await startRegistry({ auth: 'none' })
  proxy = await startFaultProxy(reg.host)
  work = await mkdtemp(join(tmpdir(), 'oma-1g-'))
  file = join(work, 'model.bin')
  const out = createWriteStream(file)
  for (let i = 0; i < SIZE / MiB; i++) {
    if (!out.write(randomBytes(MiB))) await new Promise<void>(r => out.once('drain', () => r()))
  }
  await new Promise<void>(r => out.end(() => r()))
  const d = await digestFile(file)
  desc = {
    mediaType: 'application/octet-stream',
    digest: d.digest,
    size: d.size,
    annotations: { [TITLE]: 'model.bin' }
  }
}, 600_000)

afterAll(async () => {
  const table = [
    '| transfer | fault | result | bytes over the proxy | re-sent | time |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows
  ].join('\n')
  console.log(table)
  if (process.env.OMA_RESULTS) await writeFile(process.env.OMA_RESULTS, `${table}\n`)
  await proxy?.stop()
  await reg?.stop()
  await rm(work, { recursive: true, force: true })
})

function target(repo: string, onUpload?: (s: UploadStats) => void): RegistryTarget {
  return new RegistryTarget({
    reference: parseReference(`${proxy.host}/${repo}`),
    retry: { baseDelayMs: 100 },
    idleTimeoutMs: 5000,
    ...(onUpload ? { onUpload: (_d, s) => onUpload(s) } : {})
  })
}

const blobBytes = (dir: 'requestBytes' | 'responseBytes', hex: string, method: string) =>
  proxy.log
    .filter(r => r.method === method && (r.path.includes(hex) || method !== 'GET'))
    .reduce((n, r) => n + r[dir], 0)

async function push(repo: string, name: string, rule?: (r: ProxiedRequest) => Fault | undefined) {
  forgetUploadMemory()
  proxy.log.splice(0)
  proxy.setRule(rule)
  const built = buildManifest({ layers: [desc], artifactType: 'application/vnd.example.model.v1' })
  let stats: UploadStats | undefined
  const t = target(repo, s => {
    if (s.bytesSent > 1000) stats = s
  })
  const t0 = Date.now()
  await copy(fileSource(built), t, built.descriptor)
  await t.tag(built.descriptor, 'v1', built.bytes)
  await t.close()
  proxy.setRule(undefined)
  const sent =
    blobBytes('requestBytes', '', 'PATCH') +
    proxy.log
      .filter(r => r.method === 'PUT' && r.path.includes('/blobs/uploads/') && r.requestBytes > 2)
      .reduce((n, r) => n + r.requestBytes, 0)
  rows.push(
    `| push 1 GiB (${stats?.mode}, ${stats?.sessions} session(s)) | ${name} | ok | ${sent} | ${sent - SIZE} (${((sent - SIZE) / MiB).toFixed(1)} MiB) | ${((Date.now() - t0) / 1000).toFixed(1)} s |`
  )
}

async function pull(repo: string, name: string, rule?: (r: ProxiedRequest) => Fault | undefined) {
  proxy.log.splice(0)
  proxy.setRule(rule)
  const out = join(work, `out-${repo.replace(/\W/g, '-')}`)
  const t = target(repo)
  const t0 = Date.now()
  const root = await t.resolve('v1')
  await copy(t, new OutputFolder(out), root)
  await t.close()
  proxy.setRule(undefined)
  const got = await digestFile(join(out, 'model.bin'))
  expect(got.digest).toBe(desc.digest)
  const hex = desc.digest.slice(7)
  const bytes = blobBytes('responseBytes', hex, 'GET')
  const gets = proxy.log.filter(r => r.method === 'GET' && r.path.includes(hex))
  rows.push(
    `| pull 1 GiB (${gets.length} GET(s): ${gets.map(g => g.headers.range ?? 'full').join(', ')}) | ${name} | identical | ${bytes} | ${bytes - SIZE} (${((bytes - SIZE) / MiB).toFixed(2)} MiB) | ${((Date.now() - t0) / 1000).toFixed(1)} s |`
  )
  await rm(out, { recursive: true, force: true })
}

const once = (pred: (r: ProxiedRequest) => boolean, fault: Fault) => {
  let done = false
  return (r: ProxiedRequest): Fault | undefined => {
    if (done || !pred(r)) return undefined
    done = true
    return fault
  }
}

const nth = (n: number, pred: (r: ProxiedRequest) => boolean, fault: Fault) => {
  let count = 0
  return (r: ProxiedRequest): Fault | undefined => (pred(r) && ++count === n ? fault : undefined)
}

const isPatch = (r: ProxiedRequest) => r.method === 'PATCH'
const isBlobGet = (r: ProxiedRequest) => r.method === 'GET' && r.path.includes(desc.digest.slice(7))

it('measures bytes re-sent for a 1 GiB transfer through faults', async () => {
  await push('m/clean', 'none')
  await push(
    'm/503',
    '503 + Retry-After on the 9th PATCH',
    nth(9, isPatch, {
      kind: 'status',
      status: 503,
      headers: { 'retry-after': '1' }
    })
  )
  await push(
    'm/reset',
    'reset 32 MiB into the 9th PATCH (at 544 MiB)',
    nth(9, isPatch, {
      kind: 'reset-request',
      afterBytes: 32 * MiB
    })
  )
  await push(
    'm/stall',
    'upload stalls 32 MiB into the 9th PATCH',
    nth(9, isPatch, {
      kind: 'stall-request',
      afterBytes: 32 * MiB
    })
  )
  await pull('m/clean', 'none')
  await pull(
    'm/clean',
    'reset (RST) at 512 MiB',
    once(isBlobGet, { kind: 'reset-response', afterBytes: 512 * MiB })
  )
  await pull(
    'm/clean',
    'body ends early at 512 MiB',
    once(isBlobGet, { kind: 'truncate-response', afterBytes: 512 * MiB })
  )
  await pull(
    'm/clean',
    'stall at 512 MiB',
    once(isBlobGet, { kind: 'stall-response', afterBytes: 512 * MiB })
  )
  await pull(
    'm/clean',
    'reset at 512 MiB, server then ignores Range',
    (() => {
      let n = 0
      return (r: ProxiedRequest): Fault | undefined =>
        !isBlobGet(r)
          ? undefined
          : ++n === 1
            ? { kind: 'reset-response', afterBytes: 512 * MiB }
            : { kind: 'strip-range' }
    })()
  )
  expect(createHash).toBeDefined()
}, 1_800_000)

// A real full disk: a 1 MiB tmpfs (needs root to mount) as `output`, a 3 MiB file pulled into it.
it('fails a pull into a full disk with "no space left" and leaves nothing half-written', async () => {
  const { execFileSync } = await import('node:child_process')
  const { mkdirSync, readdirSync } = await import('node:fs')
  const { runAction } = await import('../../scripts/run-action.mjs')
  const small = join(work, 'small.bin')
  await writeFile(small, randomBytes(3 * MiB))
  const push = await runAction(
    { command: 'push', reference: `${reg.host}/m/enospc:v1`, files: small, cache: 'false' },
    { cwd: work }
  )
  expect(push.code).toBe(0)
  const disk = join(work, 'tiny')
  mkdirSync(disk)
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', disk])
  try {
    const res = await runAction(
      { command: 'pull', reference: `${reg.host}/m/enospc:v1`, output: disk, cache: 'false' },
      { cwd: work }
    )
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(/no space left on device writing .*small\.bin \(3145728 bytes\)/)
    expect(readdirSync(disk)).toEqual([])
    rows.push(
      `| pull 3 MiB into a 1 MiB tmpfs | ENOSPC | failed: "${/no space left[^\n]*/.exec(res.stdout)?.[0].slice(0, 90)}…", folder empty | – | – | – |`
    )
  } finally {
    execFileSync('umount', [disk])
  }
}, 120_000)
