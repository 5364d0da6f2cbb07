/**
 * Blob upload as a small state machine (distribution spec "Pushing blobs"), in named steps:
 * start (POST) → monolithic PUT, or a PATCH loop → status (GET, resume from `Range`) → finish
 * (PUT `?digest=`) → cancel (DELETE). Small blobs go in one streamed PUT; large ones in chunks, so a
 * fault costs at most the chunk in flight. Registries differ, and the client learns instead of
 * naming hosts: a chunk refused as too large (416) is shrunk, a registry that refuses chunked
 * uploads gets a streamed PUT, and both are remembered per registry for the rest of the run.
 */
import { Transform, type Readable, type TransformCallback } from 'node:stream'
import { DigestMismatchError, InvalidInputError, OciError } from '../errors.js'
import type { ContentOpener, Descriptor } from '../target.js'
import { cancelUpload, startUpload } from './blobs.js'
import type { RepoContext } from './client.js'
import { parseUploadRange } from './content-range.js'
import { discardBody, type HttpResponse } from './http.js'
import { isRetryableError, withRetry } from './retry.js'
import { pushScope } from './scopes.js'
import { withDigest, resolveLocation } from './urls.js'

const MiB = 1024 * 1024

/** How blobs are uploaded. */
export interface UploadOptions {
  /** Blobs of at least this many bytes go in chunks (default 64 MiB); smaller ones in one PUT. */
  chunkThreshold: number
  /** Bytes per PATCH (default 64 MiB), shrunk for a registry that refuses it. */
  chunkSize: number
  /** A refused chunk is not shrunk below this (default 1 MiB): the upload falls back to one PUT. */
  minChunkSize: number
  /**
   * Largest blob the registry takes; a larger one fails before any byte is sent. Default: the
   * documented limit of a few known registries (see KNOWN_LIMITS), else none.
   */
  maxBlobBytes?: number
}

/** The default upload options (a fresh object each time). */
export function defaultUploadOptions(): UploadOptions {
  return { chunkThreshold: 64 * MiB, chunkSize: 64 * MiB, minChunkSize: 1 * MiB }
}

/**
 * Documented limits that cannot be learned without wasting an upload. GHCR: a layer is at most
 * 10 GB, and an upload session lasts at most 10 minutes.
 */
export const KNOWN_LIMITS: Readonly<Record<string, { maxBlobBytes: number; note: string }>> = {
  'ghcr.io': {
    maxBlobBytes: 10 * 1000 ** 3,
    note: 'GHCR refuses layers over 10 GB and ends an upload after 10 minutes; split the file into shards (e.g. safetensors shards of a few GB)'
  }
}

/** What the client learned about a registry's uploads during this run. */
export interface UploadMemory {
  /** The registry refused a chunked upload: use one streamed PUT. */
  monolithicOnly: boolean
  /** The registry refused larger chunks (416): never send more in one PATCH. */
  maxChunk?: number
}

const learned = new Map<string, UploadMemory>()

/** What this run learned about `host`'s uploads (shared by every target on the host). */
export function uploadMemory(host: string): UploadMemory {
  let m = learned.get(host)
  if (!m) learned.set(host, (m = { monolithicOnly: false }))
  return m
}

/** Forgets what was learned (tests). */
export function forgetUploadMemory(): void {
  learned.clear()
}

/** Upload settings of one repository context. */
export interface UploadSettings {
  options: UploadOptions
  memory: UploadMemory
  /** The registry's name as the user wrote it (`ghcr.io`), for KNOWN_LIMITS and messages. */
  registry: string
}

/** Counters of one upload, for logs and tests. */
export interface UploadStats {
  /** Request body bytes handed to the network, over every attempt. */
  bytesSent: number
  mode: 'monolithic' | 'chunked'
  sessions: number
}

/**
 * Uploads a blob: checks its size against the registry's limit, then a streamed PUT or chunks.
 * `location` reuses a session already opened (e.g. by a mount that answered 202).
 */
export async function uploadBlob(
  ctx: RepoContext,
  settings: UploadSettings,
  desc: Descriptor,
  open: ContentOpener,
  location?: URL
): Promise<UploadStats> {
  checkBlobSize(settings, desc)
  const { options, memory } = settings
  const stats: UploadStats = { bytesSent: 0, mode: 'monolithic', sessions: 0 }
  if (desc.size >= options.chunkThreshold && !memory.monolithicOnly) {
    stats.mode = 'chunked'
    const done = await uploadChunked(ctx, settings, desc, open, stats, location)
    if (done) return stats
    // The registry refused chunks: remembered, and this blob goes in one PUT.
    stats.mode = 'monolithic'
    location = undefined
  }
  await uploadMonolithic(ctx, desc, open, stats, location)
  return stats
}

/** Fails, before any request, for a blob over the registry's size limit (see UploadOptions). */
export function checkBlobSize(settings: UploadSettings, desc: Descriptor): void {
  const known = KNOWN_LIMITS[settings.registry]
  const max = settings.options.maxBlobBytes ?? known?.maxBlobBytes
  if (max !== undefined && desc.size > max) {
    throw new InvalidInputError(
      `blob ${desc.digest} is ${desc.size} bytes, over the ${max}-byte limit of ${settings.registry}` +
        (known ? `: ${known.note}` : '')
    )
  }
}

/**
 * Monolithic upload (spec "end-6": PUT <location>?digest= with the whole body). A PUT that broke
 * midway leaves the session in an unknown state, so a retry opens a new session and sends the
 * content again from its opener.
 */
async function uploadMonolithic(
  ctx: RepoContext,
  desc: Descriptor,
  open: ContentOpener,
  stats: UploadStats,
  location?: URL
): Promise<void> {
  const client = ctx.client
  let pending = location
  let furthest = 0
  await withRetry(
    client.opts.retry,
    `upload of ${desc.digest} to ${ctx.name}`,
    async () => {
      const session = pending ?? (await startUpload(ctx)).location
      pending = undefined
      stats.sessions++
      let sent = 0
      let res: HttpResponse
      try {
        res = await client.request({
          method: 'PUT',
          url: withDigest(session, desc.digest),
          headers: {
            'content-type': 'application/octet-stream',
            'content-length': String(desc.size)
          },
          body: async () =>
            counted(await open(0), n => {
              sent += n
              stats.bytesSent += n
              furthest = Math.max(furthest, sent)
            }),
          scopes: [pushScope(ctx.repository)],
          retry: false
        })
      } catch (e) {
        await cancelUpload(ctx, session)
        throw e
      }
      if (res.status !== 201 && res.status !== 204) {
        const err = await client.fail(res, 'PUT', { kind: 'upload', repository: ctx.name })
        await cancelUpload(ctx, session)
        throw err
      }
      await discardBody(res)
      checkStored(ctx, desc, res)
      return { done: undefined }
    },
    client.opts.logger,
    { progress: () => furthest }
  )
}

/** Statuses of a first PATCH that mean "this registry does not take chunked uploads". */
const CHUNKS_REFUSED = new Set([400, 405, 411, 413, 415, 501])

/**
 * Chunked upload (spec "end-5" PATCH with `Content-Range: <start>-<end>`, "end-13" status). Each
 * PATCH re-opens the content at its offset. After a fault the session is asked how far it got
 * and the upload goes on from there; a session that is gone (404) is replaced by a new one. Returns
 * false when the registry refuses chunks, so the caller falls back to one PUT.
 */
async function uploadChunked(
  ctx: RepoContext,
  settings: UploadSettings,
  desc: Descriptor,
  open: ContentOpener,
  stats: UploadStats,
  location?: URL
): Promise<boolean> {
  const client = ctx.client
  const { options, memory } = settings
  const log = client.opts.logger
  let session: URL | undefined = location
  let minChunk = 0
  let offset = 0
  let confirmed = 0
  let refused = false

  const begin = async (): Promise<URL> => {
    if (stats.sessions > client.opts.retry.maxAttempts) {
      throw new OciError(
        `upload of ${desc.digest} to ${ctx.name}: the registry dropped ${stats.sessions} upload sessions; giving up`
      )
    }
    const started = await startUpload(ctx)
    stats.sessions++
    minChunk = started.minChunkLength ?? 0
    offset = 0
    return started.location
  }

  const chunkLength = (): number => {
    const cap = Math.min(options.chunkSize, memory.maxChunk ?? Infinity)
    const len = Math.max(cap, minChunk)
    return Math.min(len, desc.size - offset)
  }

  // The status step: how far the session got (spec "end-13": 204 with `Range: 0-<end>`).
  const resync = async (url: URL): Promise<URL | undefined> => {
    const res = await client.request({
      method: 'GET',
      url,
      scopes: [pushScope(ctx.repository)]
    })
    await discardBody(res)
    if (res.status === 204 || res.status === 202) {
      const range = parseUploadRange(res.headers.range)
      offset = range ? range.end + 1 : 0
      if (offset > desc.size) offset = 0
      log.debug(`upload of ${desc.digest}: the session has ${offset} bytes; resuming there`)
      return res.headers.location ? resolveLocation(res.headers.location, url) : url
    }
    log.debug(`upload of ${desc.digest}: the session answered ${res.status}; starting a new one`)
    return undefined
  }

  const run = withRetry(
    client.opts.retry,
    `chunked upload of ${desc.digest} to ${ctx.name}`,
    async n => {
      if (n > 1 && session) session = await resync(session)
      session ??= await begin()
      while (offset < desc.size) {
        const len = chunkLength()
        const start = offset
        const url: URL = session
        let res: HttpResponse
        try {
          res = await client.request({
            method: 'PATCH',
            url,
            headers: {
              'content-type': 'application/octet-stream',
              'content-length': String(len),
              'content-range': `${start}-${start + len - 1}`
            },
            body: async () => counted(take(await open(start), len), m => (stats.bytesSent += m)),
            scopes: [pushScope(ctx.repository)],
            retry: false,
            // A chunk is stored as it arrives: its answer is quick, and a silent server after the
            // last byte is a stalled connection, not a registry at work.
            wait: 'idle'
          })
        } catch (e) {
          if (!isRetryableError(client.opts.retry, e)) await cancelUpload(ctx, url)
          throw e
        }
        if (res.status === 202 || res.status === 201 || res.status === 204) {
          // 201 to a PATCH (ECR) also means "accepted"; the session goes on at its Location.
          await discardBody(res)
          const range = parseUploadRange(res.headers.range)
          offset = range ? range.end + 1 : start + len
          if (offset <= start || offset > desc.size) offset = start + len
          confirmed = Math.max(confirmed, offset)
          if (res.headers.location) session = resolveLocation(res.headers.location, url)
          continue
        }
        if (res.status === 416 && len > options.minChunkSize && len > minChunk) {
          // GHCR refuses PATCH bodies over 4 MiB with 416: shrink (straight to 4 MiB from above),
          // remember for the run, and ask the session where it stands.
          await discardBody(res)
          memory.maxChunk = Math.max(options.minChunkSize, len > 4 * MiB ? 4 * MiB : len / 2)
          log.info(
            `${settings.registry} refused a ${len}-byte chunk (416); sending chunks of at most ${memory.maxChunk} bytes`
          )
          session = await resync(url)
          session ??= await begin()
          continue
        }
        if (res.status === 404 && start > 0) {
          // The session expired or was dropped (GHCR ends sessions after 10 minutes).
          await discardBody(res)
          log.info(`upload of ${desc.digest}: the registry dropped the session; starting again`)
          session = await begin()
          continue
        }
        if (start === 0 && (CHUNKS_REFUSED.has(res.status) || res.status === 416)) {
          await discardBody(res)
          await cancelUpload(ctx, url)
          memory.monolithicOnly = true
          log.info(
            `${settings.registry} refused a chunked upload (${res.status}); uploading in one request for the rest of the run`
          )
          refused = true
          return { done: undefined }
        }
        const err = await client.fail(res, 'PATCH', { kind: 'upload', repository: ctx.name })
        if (!isRetryableError(client.opts.retry, err)) await cancelUpload(ctx, url)
        throw err
      }
      await finish(ctx, desc, session)
      return { done: undefined }
    },
    log,
    { progress: () => confirmed }
  )
  try {
    await run
  } catch (e) {
    // Out of attempts: the session is of no more use; free the registry's storage for it.
    if (session) await cancelUpload(ctx, session)
    throw e
  }
  return !refused
}

/** The finish step (spec "end-7": PUT `<location>?digest=` with no body → 201). */
async function finish(ctx: RepoContext, desc: Descriptor, session: URL): Promise<void> {
  const client = ctx.client
  const res = await client.request({
    method: 'PUT',
    url: withDigest(session, desc.digest),
    headers: { 'content-type': 'application/octet-stream', 'content-length': '0' },
    scopes: [pushScope(ctx.repository)],
    // The registry verifies and moves the whole blob before it answers.
    wait: 'finish'
  })
  if (res.status === 201 || res.status === 204) {
    await discardBody(res)
    checkStored(ctx, desc, res)
    return
  }
  throw await client.fail(res, 'PUT', { kind: 'upload', repository: ctx.name })
}

function checkStored(ctx: RepoContext, desc: Descriptor, res: HttpResponse): void {
  const stored = res.headers['docker-content-digest']
  if (stored && stored !== desc.digest) {
    throw new DigestMismatchError(desc.digest, stored, `blob uploaded to ${ctx.name}`)
  }
}

/** Passes the first `n` bytes of `source` and ends; the source is destroyed after them. */
export function take(source: Readable, n: number): Readable {
  let left = n
  const out = new Transform({
    transform(chunk: Buffer, _e: BufferEncoding, done: TransformCallback) {
      if (left <= 0) return done()
      const part = chunk.length > left ? chunk.subarray(0, left) : chunk
      left -= part.length
      this.push(part)
      if (left === 0) {
        this.push(null)
        source.unpipe(this)
        source.destroy()
      }
      done()
    },
    flush(done: TransformCallback) {
      done(left > 0 ? new OciError(`content ended ${left} bytes early`) : null)
    }
  })
  source.on('error', e => out.destroy(e))
  return source.pipe(out)
}

/** Counts the bytes of a request body as they are read by the network. */
function counted(source: Readable, add: (n: number) => void): Readable {
  const out = new Transform({
    transform(chunk: Buffer, _e: BufferEncoding, done: TransformCallback) {
      add(chunk.length)
      done(null, chunk)
    }
  })
  source.on('error', e => out.destroy(e))
  out.on('close', () => source.destroy())
  return source.pipe(out)
}
