/**
 * Keys of the between-runs cache (@actions/cache). A pull saves under a key naming the repository,
 * the manifest digest and the `include` selection, and restores with that key first, then any key
 * of the same manifest (another selection), then any key of the repository (an older version, whose
 * unchanged shards are reused). `@` separates the parts: it cannot appear in a repository name, so
 * the prefix of `acme/model` never matches `acme/model-large`.
 */
import { createHash } from 'node:crypto'

/** Bump to start afresh when the archive's layout changes. */
const VERSION = 'v1'

/** The primary key and the ordered restore keys. */
export interface CacheKeys {
  key: string
  restoreKeys: string[]
}

/** Keys for a pull of `digest` from `registry/repository` with the given `include` patterns. */
export function cacheKeys(
  registry: string,
  repository: string,
  digest: string,
  include: readonly string[]
): CacheKeys {
  const selection =
    include.length === 0
      ? 'all'
      : createHash('sha256')
          .update(JSON.stringify([...include].sort()))
          .digest('hex')
          .slice(0, 16)
  const repo = `oci-model-action-${VERSION}@${registry}/${repository}@`
  return {
    key: `${repo}${digest}@${selection}`,
    restoreKeys: [`${repo}${digest}@`, repo]
  }
}
