/**
 * The registry client's public surface: what the action's commands need, nothing more. Everything
 * else under src/oci is internal. No @actions/* import anywhere below this folder.
 */
export * from './errors.js'
export * from './media-types.js'
export type {
  Descriptor,
  Platform,
  Target,
  ReadOnlyTarget,
  Pusher,
  ContentOpener,
  PushOutcome
} from './target.js'
export { canListTags, canMount } from './target.js'
export {
  parseAnyReference,
  parseReference,
  formatReference,
  isValidTag,
  type AnyReference,
  type Reference,
  type LayoutReference
} from './reference.js'
export { digestBytes, digestFile, parseDigest, isDigest } from './digest.js'
export {
  buildManifest,
  parseManifest,
  artifactTypeOf,
  manifestChildren,
  EMPTY_DESCRIPTOR,
  type ParsedManifest
} from './manifest.js'
export {
  copy,
  fetchManifest,
  CopyError,
  type CopyEvent,
  type CopyOptions,
  type CopyResult
} from './copy.js'
export type { Logger } from './logger.js'
export { onInterrupt, runInterruptActions } from './cleanup.js'
export type { Credential, CredentialProvider, SecretSink } from './credentials.js'
export {
  credentialFromDockerConfig,
  credentialHelperFor,
  dockerConfigPath,
  readDockerConfig
} from './docker-config.js'
export { runCredentialHelper, type CredentialHelperOptions } from './credential-helper.js'
export { RegistryTarget, type RegistryTargetOptions } from './registry/index.js'
export { LayoutTarget, type LayoutTargetOptions, type OpenLayoutOptions } from './layout/index.js'
export {
  FileSource,
  packConfig,
  packFiles,
  type FileEntry,
  type InMemoryBlob,
  type PackedFile,
  type PackOptions
} from './files.js'
export {
  OutputFolder,
  safeTitle,
  sweepStaleTemps,
  type OutputFolderOptions,
  type WrittenEntry
} from './output/index.js'
export {
  BlobStore,
  DigestMemo,
  memoDigestFile,
  pullThrough,
  type LayerSource,
  type PruneResult,
  type PullThroughResult
} from './store/index.js'
