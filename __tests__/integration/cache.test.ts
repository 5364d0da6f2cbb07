// The blob cache, the way the issue checks it: the bundled action against a real registry, counting
// blob requests in its access log. Pull twice, delete a file, include, push twice, a corrupt blob in
// the store, and a pull killed midway.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction } from '../../scripts/run-action.mjs'
import { seededBytes, treeDigests } from '../helpers/model.js'
import { startThrottle, type Throttle } from '../helpers/throttle.js'
import { startRegistry, type AccessLogEntry, type RunningRegistry } from './harness/index.js'

const MiB = 1024 * 1024
const blobGets = (log: AccessLogEntry[]): AccessLogEntry[] =>
  log.filter(r => r.method === 'GET' && /\/blobs\/sha256:/.test(r.path))
const blobWrites = (log: AccessLogEntry[]): AccessLogEntry[] =>
  log.filter(r => ['POST', 'PUT', 'PATCH'].includes(r.method) && r.path.includes('/blobs/'))
const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`

/** The store in a tool cache folder (see src/cache/tool-cache.ts). */
function storeOf(toolCache: string): string {
  const base = join(toolCache, 'oci-model-action-blobs', '1.0.0')
  const arch = readdirSync(base).find(n => !n.endsWith('.complete'))
  return join(base, arch as string)
}

/** Every blob in the store hashes to its name (nothing corrupt, nothing truncated). */
function expectStoreSound(toolCache: string): number {
  const dir = join(storeOf(toolCache), 'blobs', 'sha256')
  const names = readdirSync(dir)
  for (const name of names) {
    expect(sha256(readFileSync(join(dir, name)))).toBe(`sha256:${name}`)
  }
  return names.length
}

describe('blob cache', () => {
  let reg: RunningRegistry
  let work: string
  let model: string
  let files: string[]
  let ref: string
  const since = async (n: number): Promise<AccessLogEntry[]> => (await reg.requests()).slice(n)
  const fresh = (name: string): string => mkdtempSync(join(work, `${name}-`))

  beforeAll(async () => {
    reg = await startRegistry({ auth: 'none' })
    work = mkdtempSync(join(tmpdir(), 'cache-'))
    model = join(work, 'model')
    files = ['shard-1.safetensors', 'shard-2.safetensors', 'config.json', 'tokenizer.json'].map(f =>
      join(model, f)
    )
    rmSync(model, { recursive: true, force: true })
    mkdirSync(model)
    writeFileSync(files[0] as string, seededBytes('s1', 3 * MiB))
    writeFileSync(files[1] as string, seededBytes('s2', 3 * MiB + 5))
    writeFileSync(files[2] as string, JSON.stringify({ hidden: 8 }))
    writeFileSync(files[3] as string, JSON.stringify({ vocab: ['a'] }))
    ref = `${reg.host}/models/cached:v1`
    const push = await runAction(
      { command: 'push', reference: ref, files: files.join('\n') },
      { env: { RUNNER_TOOL_CACHE: fresh('tc-push') } }
    )
    expect(push.code).toBe(0)
  })
  afterAll(async () => {
    await reg?.stop()
  })

  it('pulls again with zero blob GETs; a deleted file is restored from the cache alone', async () => {
    const tc = fresh('tc')
    const out = fresh('out')
    let n = (await reg.requests()).length
    const first = await runAction(
      { command: 'pull', reference: ref, output: out },
      { env: { RUNNER_TOOL_CACHE: tc } }
    )
    expect(first.code).toBe(0)
    expect(first.outputs['cache-hit']).toBe('false')
    expect(blobGets(await since(n))).toHaveLength(4)
    expect(first.stdout).toContain('Actions cache service is not available')
    expect(treeDigests(out)).toEqual(treeDigests(model))

    n = (await reg.requests()).length
    const second = await runAction(
      { command: 'pull', reference: ref, output: out },
      { env: { RUNNER_TOOL_CACHE: tc } }
    )
    expect(second.code).toBe(0)
    expect(blobGets(await since(n))).toEqual([])
    expect(second.outputs['cache-hit']).toBe('true')
    expect(treeDigests(out)).toEqual(treeDigests(model))
    expect(second.summary).toMatch(
      /0 B from the cache, 0 B from the registry, 6\.0 MiB already up to date/
    )

    // A file deleted from output comes back from the store: no blob moves over the network.
    rmSync(join(out, 'shard-2.safetensors'))
    n = (await reg.requests()).length
    const third = await runAction(
      { command: 'pull', reference: ref, output: out },
      { env: { RUNNER_TOOL_CACHE: tc } }
    )
    expect(third.code).toBe(0)
    expect(blobGets(await since(n))).toEqual([])
    expect(third.outputs['cache-hit']).toBe('true')
    expect(third.summary).toMatch(/3\.0 MiB from the cache, 0 B from the registry/)
    expect(treeDigests(out)).toEqual(treeDigests(model))
    // The placed file is the user's to modify: not a hard link into the store.
    expect(statSync(join(out, 'shard-2.safetensors')).nlink).toBe(1)

    // A fresh output folder with a warm cache: everything from the cache.
    const out2 = fresh('out2')
    n = (await reg.requests()).length
    const fourth = await runAction(
      { command: 'pull', reference: ref, output: out2 },
      { env: { RUNNER_TOOL_CACHE: tc } }
    )
    expect(blobGets(await since(n))).toEqual([])
    expect(fourth.outputs['cache-hit']).toBe('true')
    expect(treeDigests(out2)).toEqual(treeDigests(model))
    // The four layers, the config and the manifest.
    expect(expectStoreSound(tc)).toBe(6)
  })

  it('without the cache, only the deleted file moves', async () => {
    const out = fresh('out')
    const off = { RUNNER_TOOL_CACHE: fresh('tc') }
    expect(
      (
        await runAction(
          { command: 'pull', reference: ref, output: out, cache: false },
          { env: off }
        )
      ).code
    ).toBe(0)
    const gone = readFileSync(files[0] as string)
    rmSync(join(out, 'shard-1.safetensors'))
    const n = (await reg.requests()).length
    const again = await runAction(
      { command: 'pull', reference: ref, output: out, cache: false },
      { env: off }
    )
    expect(again.code).toBe(0)
    expect(blobGets(await since(n)).map(r => r.path.split('/').pop())).toEqual([sha256(gone)])
    expect(again.outputs['cache-hit']).toBe('partial')
    expect(treeDigests(out)).toEqual(treeDigests(model))
  })

  it('include fetches only the matching layers', async () => {
    const out = fresh('out')
    const n = (await reg.requests()).length
    const r = await runAction(
      { command: 'pull', reference: ref, output: out, include: '*.json' },
      { env: { RUNNER_TOOL_CACHE: fresh('tc') } }
    )
    expect(r.code).toBe(0)
    const gets = blobGets(await since(n)).map(g => g.path.split('/').pop())
    const json = [files[2], files[3]].map(f => sha256(readFileSync(f as string)))
    expect(gets.sort()).toEqual(json.sort())
    expect(readdirSync(out).sort()).toEqual(['config.json', 'tokenizer.json'])
  })

  it('pushes unchanged files again without uploading or re-reading them; a changed file is re-hashed', async () => {
    const tc = fresh('tc')
    const push = (): ReturnType<typeof runAction> =>
      runAction(
        { command: 'push', reference: `${reg.host}/models/pushed:v1`, files: files.join('\n') },
        { env: { RUNNER_TOOL_CACHE: tc } }
      )
    // The memo does not trust files modified just before hashing (racy): age them.
    const old = new Date(Date.now() - 60_000)
    for (const f of files) utimesSync(f, old, old)
    expect((await push()).code).toBe(0)
    let n = (await reg.requests()).length
    const second = await push()
    expect(second.code).toBe(0)
    expect(blobWrites(await since(n))).toEqual([])
    expect(second.summary).toMatch(/0 B read and hashed; 6\.0 MiB unchanged since last hashed/)

    // Same size, other content: the memo notices (mtime/ctime) and the file is hashed and uploaded.
    const changed = join(work, 'changed')
    mkdirSync(changed)
    const copy = files.map(f => join(changed, f.split('/').pop() as string))
    files.forEach((f, i) => writeFileSync(copy[i] as string, readFileSync(f)))
    for (const f of copy) utimesSync(f, old, old)
    const pushCopy = (): ReturnType<typeof runAction> =>
      runAction(
        { command: 'push', reference: `${reg.host}/models/pushed:v2`, files: copy.join('\n') },
        { env: { RUNNER_TOOL_CACHE: tc } }
      )
    expect((await pushCopy()).code).toBe(0)
    const bytes = readFileSync(copy[0] as string)
    bytes[0] = bytes[0]! ^ 0xff
    writeFileSync(copy[0] as string, bytes)
    n = (await reg.requests()).length
    const third = await pushCopy()
    expect(third.code).toBe(0)
    const writes = blobWrites(await since(n))
    const put = writes.filter(w => w.method === 'PUT').map(w => decodeURIComponent(w.path))
    expect(put.filter(p => p.includes('digest=sha256:'))).toEqual([
      expect.stringContaining(`digest=${sha256(bytes)}`)
    ])
    expect(third.summary).toMatch(/3\.0 MiB read and hashed/)
  })

  it('concurrent pulls sharing one tool cache both succeed and leave the store sound', async () => {
    const tc = fresh('tc')
    const outs = [fresh('out-a'), fresh('out-b'), fresh('out-c')]
    const runs = await Promise.all(
      outs.map(out =>
        runAction(
          { command: 'pull', reference: ref, output: out },
          { env: { RUNNER_TOOL_CACHE: tc } }
        )
      )
    )
    expect(runs.map(r => r.code)).toEqual([0, 0, 0])
    for (const out of outs) expect(treeDigests(out)).toEqual(treeDigests(model))
    expect(expectStoreSound(tc)).toBe(6)
    expect(readdirSync(join(storeOf(tc), 'tmp'))).toEqual([])
  })

  it('evicts a corrupt blob from the store and fetches it again, never copying it out', async () => {
    const tc = fresh('tc')
    const out = fresh('out')
    expect(
      (
        await runAction(
          { command: 'pull', reference: ref, output: out },
          { env: { RUNNER_TOOL_CACHE: tc } }
        )
      ).code
    ).toBe(0)
    const shard = sha256(readFileSync(files[0] as string))
    const blob = join(storeOf(tc), 'blobs', 'sha256', shard.slice(7))
    const bad = readFileSync(blob)
    bad[100] = bad[100]! ^ 1
    writeFileSync(blob, bad) // same size, other bytes
    const out2 = fresh('out2')
    const n = (await reg.requests()).length
    const r = await runAction(
      { command: 'pull', reference: ref, output: out2 },
      { env: { RUNNER_TOOL_CACHE: tc } }
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`evicting ${shard}`)
    expect(blobGets(await since(n)).map(g => g.path.split('/').pop())).toEqual([shard])
    expect(r.outputs['cache-hit']).toBe('partial')
    expect(treeDigests(out2)).toEqual(treeDigests(model))
    expectStoreSound(tc)
  })

  describe('a pull killed midway', () => {
    let slow: Throttle
    beforeAll(async () => {
      slow = await startThrottle(reg.url, 2 * MiB) // bytes per second, registry → client
    })
    afterAll(async () => {
      await slow?.stop()
    })

    it('leaves no corrupt file and no corrupt blob; the next pull completes', async () => {
      const tc = fresh('tc')
      const out = fresh('out')
      const slowRef = `${slow.host}/models/cached:v1`
      let killed = false
      const run = runAction(
        { command: 'pull', reference: slowRef, output: out },
        {
          env: { RUNNER_TOOL_CACHE: tc },
          onSpawn: child => {
            // Kill once a blob is partly written in the store's tmp/.
            const timer = setInterval(() => {
              let partial = false
              try {
                const tmp = join(storeOf(tc), 'tmp')
                partial = readdirSync(tmp).some(f => statSync(join(tmp, f)).size > MiB)
              } catch {
                // Not created yet, or a temp file renamed away meanwhile.
              }
              if (partial) {
                clearInterval(timer)
                killed = child.kill('SIGKILL')
              }
            }, 20)
            child.on('exit', () => clearInterval(timer))
          }
        }
      )
      const r = await run
      expect(killed).toBe(true)
      expect(r.code).not.toBe(0)
      // No file under its final name that is not the real one; the store holds only sound blobs.
      const model_ = treeDigests(model)
      for (const [name, d] of Object.entries(treeDigests(out))) {
        if (!name.startsWith('.')) expect(d).toBe(model_[name])
      }
      expectStoreSound(tc)

      const again = await runAction(
        { command: 'pull', reference: ref, output: out },
        { env: { RUNNER_TOOL_CACHE: tc } }
      )
      expect(again.code).toBe(0)
      expect(treeDigests(out)).toEqual(treeDigests(model))
      expectStoreSound(tc)
    })
  })
})
