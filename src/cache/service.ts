/**
 * The Actions cache service, behind a two-function interface so the rest of src/cache can be tested
 * with a fake. @actions/cache is heavy: it is imported only when the service is there (its
 * restore/save would otherwise retry for ~10 s before warning), and the absence is said once.
 */
import type { Logger } from '../oci/index.js'

/** What the between-runs cache needs from @actions/cache. */
export interface CacheService {
  /** Restores `paths` from the first key that matches; returns the key that hit. */
  restore(paths: string[], key: string, restoreKeys: string[]): Promise<string | undefined>
  /** Saves `paths` under `key` (a key that exists already is not an error). */
  save(paths: string[], key: string): Promise<void>
}

let announced = false

/**
 * The Actions cache service, or undefined (said once in the log) when this run has none: a local
 * run, a GHES instance without the cache, a test.
 */
export async function actionsCacheService(logger: Logger): Promise<CacheService | undefined> {
  const env = process.env
  const configured = Boolean(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL)
  const cache = configured ? await import('@actions/cache') : undefined
  if (!cache?.isFeatureAvailable()) {
    if (!announced) {
      logger.info(
        'blob cache: the Actions cache service is not available here (local run, or GHES without it); using the runner tool cache only'
      )
    }
    announced = true
    return undefined
  }
  return {
    restore: (paths, key, restoreKeys) => cache.restoreCache(paths, key, restoreKeys),
    save: async (paths, key) => {
      await cache.saveCache(paths, key)
    }
  }
}
