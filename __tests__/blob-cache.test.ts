// src/cache: keys, and the between-runs round trip through a fake cache service.
import { afterEach, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { cp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import {
  type CacheService,
  cacheKeys,
  closeBlobCache,
  openBlobCache,
  restoreBetweenRuns,
  saveBetweenRuns
} from '../src/cache/index.js'
import { digestBytes } from '../src/oci/digest.js'
import type { Descriptor } from '../src/oci/target.js'

const blob = (text: string): { desc: Descriptor; bytes: Buffer } => {
  const bytes = Buffer.from(text)
  return {
    bytes,
    desc: { mediaType: 'application/octet-stream', digest: digestBytes(bytes), size: bytes.length }
  }
}
const logger = { debug() {}, info() {}, warning() {} }

/** A cache service over a folder per key, with prefix matching as the real one does. */
function fakeService(): CacheService & { saved: Map<string, string>; calls: string[] } {
  const saved = new Map<string, string>()
  const calls: string[] = []
  const root = mkdtempSync(join(tmpdir(), 'fake-cache-'))
  return {
    saved,
    calls,
    async restore(paths, key, restoreKeys) {
      calls.push(`restore ${key}`)
      for (const k of [key, ...restoreKeys]) {
        const hit = [...saved.keys()].reverse().find(s => s.startsWith(k))
        if (hit) {
          await cp(saved.get(hit) as string, paths[0] as string, { recursive: true })
          return hit
        }
      }
      return undefined
    },
    async save(paths, key) {
      calls.push(`save ${key}`)
      const dest = join(root, String(saved.size))
      await cp(paths[0] as string, dest, { recursive: true })
      saved.set(key, dest)
    }
  }
}

describe('cacheKeys', () => {
  it('names repository, manifest and selection; restores by manifest, then by repository', () => {
    const k = cacheKeys('ghcr.io', 'acme/model', 'sha256:abc', [])
    expect(k.key).toBe('oci-model-action-v1@ghcr.io/acme/model@sha256:abc@all')
    expect(k.restoreKeys).toEqual([
      'oci-model-action-v1@ghcr.io/acme/model@sha256:abc@',
      'oci-model-action-v1@ghcr.io/acme/model@'
    ])
    // Another repository whose name extends this one never matches its prefix.
    expect(
      cacheKeys('ghcr.io', 'acme/model-large', 'sha256:abc', []).key.startsWith(k.restoreKeys[1]!)
    ).toBe(false)
    // The selection is part of the key, independent of the order of the patterns.
    const a = cacheKeys('ghcr.io', 'acme/model', 'sha256:abc', ['*.json', '*.txt'])
    const b = cacheKeys('ghcr.io', 'acme/model', 'sha256:abc', ['*.txt', '*.json'])
    expect(a.key).toBe(b.key)
    expect(a.key).not.toBe(k.key)
  })
})

describe('between runs', () => {
  const saved = { ...process.env }
  afterEach(() => {
    process.env = { ...saved }
  })

  it('saves the blobs of a pull and restores them, verified, into an empty tool cache', async () => {
    const service = fakeService()
    process.env.RUNNER_TEMP = mkdtempSync(join(tmpdir(), 'temp-'))
    process.env.RUNNER_TOOL_CACHE = mkdtempSync(join(tmpdir(), 'tc1-'))
    const one = await openBlobCache({ maxBytes: 1e9, logger, service })
    const [x, y] = [blob('shard one'), blob('shard two')]
    for (const b of [x, y])
      await one!.store.push(b.desc, async o => Readable.from([b.bytes.subarray(o)]))
    const keys = cacheKeys('r.example', 'm', 'sha256:1', [])
    await saveBetweenRuns(one!, keys, [x.desc, y.desc])
    await closeBlobCache(one!)
    expect(service.calls).toEqual([`save ${keys.key}`])
    expect(existsSync(join(process.env.RUNNER_TEMP, 'oci-model-action-cache'))).toBe(false)

    // A new runner: an empty tool cache; a newer version of the model restores by repository.
    process.env.RUNNER_TOOL_CACHE = mkdtempSync(join(tmpdir(), 'tc2-'))
    const two = await openBlobCache({ maxBytes: 1e9, logger, service })
    const newer = cacheKeys('r.example', 'm', 'sha256:2', [])
    const z = blob('tampered in the archive')
    const hit = await restoreBetweenRuns(two!, newer, [x.desc, z.desc])
    expect(hit).toBe(keys.key)
    expect(await two!.store.check(x.desc)).toBe(true)
    // Only the blobs this pull wants are taken in.
    expect(existsSync(two!.store.blobPath(y.desc.digest))).toBe(false)
    expect(readFileSync(two!.store.blobPath(x.desc.digest))).toEqual(x.bytes)
  })

  it('without a service, restore and save do nothing', async () => {
    process.env.RUNNER_TOOL_CACHE = mkdtempSync(join(tmpdir(), 'tc-'))
    delete process.env.ACTIONS_CACHE_URL
    delete process.env.ACTIONS_RESULTS_URL
    const infos: string[] = []
    const log = { ...logger, info: (m: string) => infos.push(m) }
    const cache = await openBlobCache({ maxBytes: 1e9, logger: log })
    expect(cache!.service).toBeUndefined()
    expect(
      await restoreBetweenRuns(cache!, cacheKeys('r', 'm', 'sha256:1', []), [])
    ).toBeUndefined()
    await openBlobCache({ maxBytes: 1e9, logger: log })
    expect(infos.filter(m => m.includes('not available'))).toHaveLength(1)
  })

  it('no tool cache: no blob cache, said in the log', async () => {
    delete process.env.RUNNER_TOOL_CACHE
    const infos: string[] = []
    expect(
      await openBlobCache({ maxBytes: 1, logger: { ...logger, info: m => infos.push(m) } })
    ).toBeUndefined()
    expect(infos.join()).toContain('RUNNER_TOOL_CACHE')
    await rm(join(tmpdir(), 'none'), { force: true })
  })
})
