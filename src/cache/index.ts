/**
 * The blob cache around the local store (src/oci/store): where it lives (the runner tool cache), and
 * how it travels between hosted runs (@actions/cache, restored before the fetch and saved at the end
 * of the step). Without the cache service the action works the same, with the tool cache only.
 */
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { readdir, rm } from 'node:fs/promises'
import { BlobStore, type Descriptor, type Logger, isDigest } from '../oci/index.js'
import type { CacheKeys } from './keys.js'
import { actionsCacheService, type CacheService } from './service.js'
import { storeFolder } from './tool-cache.js'

export { cacheKeys, type CacheKeys } from './keys.js'
export type { CacheService } from './service.js'

/** Default size limit of the store (input `cache-max-size`). */
export const DEFAULT_CACHE_MAX_BYTES = 10 * 1024 ** 3

/** The open blob cache of this run. */
export interface BlobCache {
  store: BlobStore
  maxBytes: number
  /** The Actions cache service, when this run has one. */
  service?: CacheService
  logger: Logger
}

/** Options of openBlobCache(). */
export interface OpenCacheOptions {
  maxBytes: number
  logger: Logger
  /** The between-runs service (default: the Actions cache service, when available). */
  service?: CacheService | null
}

/** Opens the store in the tool cache; undefined (said in the log) when the runner has none. */
export async function openBlobCache(opts: OpenCacheOptions): Promise<BlobCache | undefined> {
  const folder = await storeFolder()
  if (!folder) {
    opts.logger.info('blob cache: RUNNER_TOOL_CACHE is not set; running without the blob cache')
    return undefined
  }
  const store = await BlobStore.openStore(folder, { logger: opts.logger })
  const service =
    opts.service === null ? undefined : (opts.service ?? (await actionsCacheService(opts.logger)))
  opts.logger.debug(`blob cache: ${folder}`)
  return { store, maxBytes: opts.maxBytes, service, logger: opts.logger }
}

/** The folder the between-runs archive is restored into and saved from (a fixed path: it is part of the cache version). */
function transferFolder(): string {
  return join(process.env.RUNNER_TEMP || tmpdir(), 'oci-model-action-cache')
}

/**
 * Restores the archive of the best matching key and adopts its blobs into the store (each verified
 * by digest). Never fails the pull: a broken restore is a warning. Returns the key that hit.
 */
export async function restoreBetweenRuns(
  cache: BlobCache,
  keys: CacheKeys,
  wanted: readonly Descriptor[]
): Promise<string | undefined> {
  if (!cache.service) return undefined
  const dir = transferFolder()
  const byDigest = new Map(wanted.map(d => [d.digest, d]))
  try {
    await rm(dir, { recursive: true, force: true })
    const hit = await cache.service.restore([dir], keys.key, keys.restoreKeys)
    if (!hit) {
      cache.logger.info('blob cache: no earlier run saved blobs of this repository')
      return undefined
    }
    let adopted = 0
    for (const algorithm of await readdir(join(dir, 'blobs')).catch(() => [] as string[])) {
      for (const encoded of await readdir(join(dir, 'blobs', algorithm))) {
        const desc = byDigest.get(`${algorithm}:${encoded}`)
        if (!desc || !isDigest(desc.digest)) continue
        if (await cache.store.adopt(join(dir, 'blobs', algorithm, encoded), desc)) adopted++
        else cache.logger.warning(`blob cache: restored ${desc.digest} does not verify; ignored`)
      }
    }
    cache.logger.info(`blob cache: restored ${adopted} blob(s) of this pull from cache key ${hit}`)
    return hit
  } catch (e) {
    cache.logger.warning(`blob cache: restore failed (${(e as Error).message}); pulling without it`)
    return undefined
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Saves the blobs of this pull under the primary key. Never fails the pull. */
export async function saveBetweenRuns(
  cache: BlobCache,
  keys: CacheKeys,
  blobs: readonly Descriptor[]
): Promise<void> {
  if (!cache.service) return
  const service = cache.service
  const dir = transferFolder()
  try {
    await cache.store.withExport(dir, blobs, () => service.save([dir], keys.key))
    cache.logger.info(`blob cache: saved ${blobs.length} blob(s) under cache key ${keys.key}`)
  } catch (e) {
    cache.logger.warning(`blob cache: save failed (${(e as Error).message})`)
  }
}

/** Evicts least-recently-used blobs over the limit (sparing `keep`) and saves the memo. */
export async function closeBlobCache(
  cache: BlobCache,
  keep: readonly Descriptor[] = []
): Promise<void> {
  try {
    const r = await cache.store.prune(cache.maxBytes, { keep: new Set(keep.map(d => d.digest)) })
    if (r.evictedBlobs) {
      cache.logger.info(
        `blob cache: evicted ${r.evictedBlobs} least recently used blob(s) (${r.evictedBytes} bytes) to stay under ${cache.maxBytes} bytes`
      )
    }
  } catch (e) {
    cache.logger.warning(`blob cache: eviction failed (${(e as Error).message})`)
  }
  await cache.store.close()
}
