/** The local blob cache: an OCI layout with verified writes, LRU eviction and a digest memo. */
export {
  BlobStore,
  DEFAULT_GRACE_MS,
  type BlobStoreOptions,
  type PruneResult
} from './blob-store.js'
export { DigestMemo, memoDigestFile, type DigestMemoOptions, type MemoDigest } from './memo.js'
export {
  pullThrough,
  type LayerSource,
  type PullThroughOptions,
  type PullThroughResult
} from './pull-through.js'
