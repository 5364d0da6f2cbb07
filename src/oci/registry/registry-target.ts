/**
 * RegistryTarget: the Target of one repository on a registry, over HTTP. It composes the layers
 * (http → retry → auth → client) and the operation modules (blobs, manifests, tags); it decides
 * only which operation a descriptor needs and which token scopes to ask for.
 */
import { Readable } from 'node:stream'
import type { Dispatcher } from 'undici'
import type { CredentialProvider, SecretSink } from '../credentials.js'
import { isDigest } from '../digest.js'
import { InvalidInputError } from '../errors.js'
import type { Logger } from '../logger.js'
import { silentLogger } from '../logger.js'
import { MAX_MANIFEST_BYTES } from '../manifest.js'
import { isManifestMediaType } from '../media-types.js'
import { apiHost, formatReference, isValidTag, type Reference } from '../reference.js'
import { readLimited } from '../stream-utils.js'
import type {
  ContentOpener,
  Descriptor,
  Mounter,
  PushOutcome,
  RangeFetcher,
  TagLister,
  Target
} from '../target.js'
import { Authenticator } from './auth.js'
import { blobExists, fetchBlob, fetchBlobRange, mountBlob } from './blobs.js'
import { RegistryClient, type RepoContext } from './client.js'
import { HttpClient } from './http.js'
import { fetchManifest, manifestExists, putManifest, resolveManifest } from './manifests.js'
import { retryPolicy, type RetryPolicy } from './retry.js'
import { pullScope, pushScope } from './scopes.js'
import { DEFAULT_TAG_PAGE_SIZE, listTags } from './tags.js'
import {
  checkBlobSize,
  defaultUploadOptions,
  uploadBlob,
  uploadMemory,
  type UploadOptions,
  type UploadSettings,
  type UploadStats
} from './upload.js'

/** Options of a RegistryTarget. */
export interface RegistryTargetOptions {
  /** The repository (its tag or digest, if any, is not used by the target itself). */
  reference: Reference
  credentials?: CredentialProvider
  /** Speak plain http (loopback registries fall back to it on their own, as with docker). */
  plainHttp?: boolean
  /** undici dispatcher to send through (tests pass a MockAgent); default: an Agent owned by the target. */
  dispatcher?: Dispatcher
  logger?: Logger
  /** Receives every secret before it is used, so it can be masked in logs. */
  onSecret?: SecretSink
  userAgent?: string
  retry?: Partial<RetryPolicy>
  /** Tags asked for per page of the tag list (default 1000). */
  tagPageSize?: number
  /** Chunked-upload threshold, chunk size and limits (see UploadOptions for the defaults). */
  upload?: Partial<UploadOptions>
  /** A connection idle this long (nothing sent or received) fails and is retried (default 60 s). */
  idleTimeoutMs?: number
  /** Time the registry may take to answer after a request body (default 10 minutes). */
  finishTimeoutMs?: number
  /** Called after each blob upload with what it took (bytes sent, sessions, mode). */
  onUpload?: (desc: Descriptor, stats: UploadStats) => void
  /**
   * The target is written to (a push or copy destination): `resolve` asks for `pull,push` too, so
   * the token fetched for copy()'s up-to-date check also serves the push that may follow it.
   */
  forWriting?: boolean
}

/**
 * RegistryTarget reads and writes one repository of an OCI registry (distribution spec). Writes ask
 * for `pull,push` up front (exists, push, tag, mount are only called on a destination), so a whole
 * push is served by one token; reads reuse any cached token that covers `pull`.
 */
export class RegistryTarget implements Target, TagLister, Mounter, RangeFetcher {
  /** `registry/repository`, e.g. `ghcr.io/acme/models/sentiment`. */
  readonly name: string
  /** The canonical registry name (`docker.io` for Docker Hub), as mounts compare it. */
  readonly registryHost: string
  readonly mountSource: { registryHost: string; repository: string }
  private readonly http: HttpClient
  private readonly auth: Authenticator
  private readonly ctx: RepoContext
  private readonly tagPageSize: number
  private readonly upload: UploadSettings
  /** Upload sessions opened by a mount that answered 202, used by the next push of that blob. */
  private readonly pendingUploads = new Map<string, URL>()

  constructor(readonly options: RegistryTargetOptions) {
    const ref = options.reference
    const logger = options.logger ?? silentLogger
    const retry = retryPolicy(options.retry)
    this.http = new HttpClient({
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      ...(options.idleTimeoutMs ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
      ...(options.finishTimeoutMs ? { finishTimeoutMs: options.finishTimeoutMs } : {})
    })
    this.auth = new Authenticator({
      registry: ref.registry,
      http: this.http,
      retry,
      logger,
      ...(options.credentials ? { credentials: options.credentials } : {}),
      ...(options.onSecret ? { onSecret: options.onSecret } : {})
    })
    const client = new RegistryClient({
      host: apiHost(ref.registry),
      http: this.http,
      retry,
      auth: this.auth,
      logger,
      plainHttp: options.plainHttp ?? false
    })
    this.name = formatReference({ registry: ref.registry, repository: ref.repository })
    this.registryHost = ref.registry
    this.mountSource = { registryHost: ref.registry, repository: ref.repository }
    this.ctx = { client, repository: ref.repository, name: this.name }
    this.tagPageSize = options.tagPageSize ?? DEFAULT_TAG_PAGE_SIZE
    this.upload = {
      options: { ...defaultUploadOptions(), ...options.upload },
      memory: uploadMemory(apiHost(ref.registry)),
      registry: ref.registry
    }
  }

  /** Token requests made so far (one per scope set, while tokens last). */
  get tokenFetches(): number {
    return this.auth.tokenFetches
  }

  /**
   * Checks that the registry answers the API (GET /v2/) and returns the base URL it is spoken to at,
   * e.g. `http://127.0.0.1:5000` after a loopback registry refused TLS.
   */
  async ping(): Promise<string> {
    return (await this.ctx.client.base()).origin
  }

  /** Resolves a tag or digest of this repository to the manifest's descriptor. */
  async resolve(reference: string): Promise<Descriptor> {
    if (!isDigest(reference) && !isValidTag(reference)) {
      throw new InvalidInputError(`"${reference.slice(0, 140)}" is neither a tag nor a digest`)
    }
    const scope = this.options.forWriting ? pushScope : pullScope
    return resolveManifest(this.ctx, reference, [scope(this.ctx.repository)])
  }

  /** Streams a blob from `offset`, or a manifest's verified bytes. */
  async fetch(desc: Descriptor, offset = 0): Promise<Readable> {
    if (!isManifestMediaType(desc.mediaType)) return fetchBlob(this.ctx, desc, offset)
    const { bytes } = await fetchManifest(this.ctx, desc.digest)
    return Readable.from([bytes.subarray(offset)])
  }

  /** Streams bytes [start, end) of a blob; undefined when the registry does not serve ranges. */
  async fetchRange(desc: Descriptor, start: number, end: number): Promise<Readable | undefined> {
    return fetchBlobRange(this.ctx, desc, start, end)
  }

  /** True when the repository has the blob or manifest. */
  async exists(desc: Descriptor): Promise<boolean> {
    const scopes = [pushScope(this.ctx.repository)]
    return isManifestMediaType(desc.mediaType)
      ? manifestExists(this.ctx, desc, scopes)
      : blobExists(this.ctx, desc, scopes)
  }

  /**
   * Pushes a blob or a manifest (by digest). Content the repository already has is never sent
   * again ('existed'); otherwise it is uploaded from `open` ('uploaded').
   */
  async push(desc: Descriptor, open: ContentOpener): Promise<PushOutcome> {
    if (!isManifestMediaType(desc.mediaType)) checkBlobSize(this.upload, desc)
    if (await this.exists(desc)) return 'existed'
    if (isManifestMediaType(desc.mediaType)) {
      const bytes = await readLimited(await open(0), MAX_MANIFEST_BYTES, `manifest ${desc.digest}`)
      await putManifest(this.ctx, desc, bytes)
      return 'uploaded'
    }
    const session = this.pendingUploads.get(desc.digest)
    this.pendingUploads.delete(desc.digest)
    const stats = await uploadBlob(this.ctx, this.upload, desc, open, session)
    this.options.onUpload?.(desc, stats)
    return 'uploaded'
  }

  /** Points `tag` at the manifest: PUT of its bytes under the tag. */
  async tag(desc: Descriptor, tag: string, manifest: Uint8Array): Promise<void> {
    if (!isValidTag(tag)) {
      throw new InvalidInputError(
        `invalid tag "${tag.slice(0, 140)}": a tag is 1 to 128 characters of letters, digits, _, . and -`
      )
    }
    await putManifest(this.ctx, desc, manifest, tag)
  }

  /** Every tag of the repository. */
  async tags(): Promise<string[]> {
    return listTags(this.ctx, this.tagPageSize)
  }

  /**
   * Mounts a blob from another repository of this registry. True when mounted; false when the
   * registry opened an upload instead (kept for the following push of the same blob).
   */
  async mount(desc: Descriptor, fromRepository: string): Promise<boolean> {
    const result = await mountBlob(this.ctx, desc, fromRepository)
    if (result.mounted) return true
    this.pendingUploads.set(desc.digest, result.location)
    return false
  }

  /** Closes the connections this target opened (an injected dispatcher is left open). */
  async close(): Promise<void> {
    await this.http.close()
  }
}
