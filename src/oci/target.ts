/**
 * The Target interface: small capabilities that the registry, the on-disk OCI layout and the output
 * folder implement, so that one copy() moves content between any two of them (as oras-go's
 * content.Storage / Target).
 */
import type { Readable } from 'node:stream'

/** Platform of an index entry (image-spec "Image Index"). */
export interface Platform {
  architecture: string
  os: string
  'os.version'?: string
  'os.features'?: string[]
  variant?: string
}

/** A content descriptor (image-spec "Descriptors"). */
export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  annotations?: Record<string, string>
  artifactType?: string
  urls?: string[]
  platform?: Platform
  data?: string
}

/**
 * Opens content from a byte offset. A request body or a download is always made from an opener, so
 * it can be replayed or resumed after a fault, never from a stream that was already consumed.
 */
export type ContentOpener = (offset: number) => Promise<Readable>

/**
 * Opens bytes [start, end) of a blob as one byte range, or answers undefined when the source cannot
 * serve ranges (a registry that ignores `Range`): the writer then falls back to one stream.
 */
export type RangeOpener = (start: number, end: number) => Promise<Readable | undefined>

/**
 * RangeFetcher reads a byte range of a blob. Sources whose connections are each throttled (registries
 * behind CDNs and proxies) offer it so a writer can fetch one large blob over several connections.
 */
export interface RangeFetcher {
  fetchRange(desc: Descriptor, start: number, end: number): Promise<Readable | undefined>
}

/**
 * Ranged reads of one blob that copy() offers a writer: how to open a range, when a blob is large
 * enough to be split and into what, and extra connections from the budget the whole copy shares.
 */
export interface ParallelSource {
  open: RangeOpener
  /** Blobs of at least this many bytes are fetched as ranges. */
  threshold: number
  /** Bytes per range. */
  partSize: number
  /**
   * Bytes per second above which one connection is fast enough and the blob is not split; when
   * unset, a large blob is always split.
   */
  fastConnection?: number
  /** One more connection for this blob, as a function that gives it back; undefined when none is free. */
  extraConnection: () => (() => void) | undefined
}

/** Optional help a Pusher may use to write content faster. */
export interface PushOptions {
  parallel?: ParallelSource
}

/** Fetcher reads the raw bytes of a blob or manifest, starting at `offset` (0 by default). */
export interface Fetcher {
  fetch(desc: Descriptor, offset?: number): Promise<Readable>
}

/** Resolver turns a tag or digest into the descriptor of a manifest. */
export interface Resolver {
  resolve(reference: string): Promise<Descriptor>
}

/** Where a pushed blob came from, reported to progress hooks. */
export type PushOutcome = 'uploaded' | 'mounted' | 'existed'

/** Pusher stores content under its descriptor; the store verifies the digest and size. */
export interface Pusher {
  exists(desc: Descriptor): Promise<boolean>
  /** Stores the content; answers 'existed', without opening it, when the store already has it. */
  push(desc: Descriptor, open: ContentOpener, opts?: PushOptions): Promise<PushOutcome>
}

/** Tagger points a tag at a manifest whose bytes are given (no blob ever moves). */
export interface Tagger {
  tag(desc: Descriptor, tag: string, manifest: Uint8Array): Promise<void>
}

/** TagLister lists the tags of the repository or layout. */
export interface TagLister {
  tags(): Promise<string[]>
}

/**
 * Mounter links a blob from another repository of the same registry without sending its bytes
 * (distribution spec "Mounting a blob from another repository").
 */
export interface Mounter {
  /** The registry host this target lives on, to decide whether a mount is possible. */
  readonly registryHost: string
  mount(desc: Descriptor, fromRepository: string): Promise<boolean>
}

/** A source a copy reads from. */
export interface ReadOnlyTarget extends Fetcher, Resolver {
  /** Human-readable name for messages, e.g. `ghcr.io/acme/model` or `oci-layout:./out`. */
  readonly name: string
  /** Set when the source is a registry repository, so that a destination on the same host can mount. */
  readonly mountSource?: { registryHost: string; repository: string }
}

/** A store a copy writes to. */
export interface Target extends ReadOnlyTarget, Pusher, Tagger {}

/** True when the target can mount blobs. */
export function canMount(t: object): t is Mounter {
  return typeof (t as Partial<Mounter>).mount === 'function'
}

/** True when the target can resolve a tag or digest (every source can; a destination may). */
export function canResolve(t: object): t is Resolver {
  return typeof (t as Partial<Resolver>).resolve === 'function'
}

/** True when the target can list its tags. */
export function canListTags(t: object): t is TagLister {
  return typeof (t as Partial<TagLister>).tags === 'function'
}

/** True when the source can read byte ranges of a blob. */
export function canFetchRange(t: object): t is RangeFetcher {
  return typeof (t as Partial<RangeFetcher>).fetchRange === 'function'
}
