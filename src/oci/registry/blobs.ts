/**
 * Blob operations (distribution spec "Pulling blobs", "Pushing blobs", "Mounting a blob from another
 * repository"): existence check, streaming download from an offset (following redirects to object
 * storage without credentials), monolithic upload from a content opener, and cross-repository mount.
 * Blobs are streamed, never buffered.
 */
import { Readable, Transform, pipeline, type TransformCallback } from 'node:stream'
import { DigestMismatchError, InvalidInputError, OciError, redactUrl } from '../errors.js'
import type { ContentOpener, Descriptor } from '../target.js'
import type { RepoContext } from './client.js'
import { discardBody, type HttpResponse } from './http.js'
import { withRetry } from './retry.js'
import { pullScope, pushScope } from './scopes.js'
import { blobUrl, resolveLocation, uploadsUrl, withDigest } from './urls.js'

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 5

/** True when the repository has the blob (HEAD; a redirect to storage also means it exists). */
export async function blobExists(
  ctx: RepoContext,
  desc: Descriptor,
  scopes = [pullScope(ctx.repository)]
): Promise<boolean> {
  const url = blobUrl(await ctx.client.base(), ctx.repository, desc.digest)
  const res = await ctx.client.request({ method: 'HEAD', url, scopes })
  await discardBody(res)
  if (res.status === 200 || REDIRECTS.has(res.status)) return true
  if (res.status === 404) return false
  throw await ctx.client.fail(res, 'HEAD', {
    kind: 'blob',
    name: desc.digest,
    repository: ctx.name
  })
}

/**
 * Streams a blob's bytes from `offset`. Asks for `Range: bytes=<offset>-`; a server that answers
 * 200 with the whole blob is handled by dropping the first `offset` bytes here, so the caller always
 * gets bytes from `offset`. The bytes are not verified here: the store that receives them does.
 */
export async function fetchBlob(ctx: RepoContext, desc: Descriptor, offset = 0): Promise<Readable> {
  if (!Number.isSafeInteger(offset) || offset < 0 || offset > desc.size) {
    throw new InvalidInputError(
      `offset ${offset} is outside blob ${desc.digest} of ${desc.size} bytes`
    )
  }
  if (offset === desc.size) return Readable.from([])
  const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {}
  const scopes = [pullScope(ctx.repository)]
  let url = blobUrl(await ctx.client.base(), ctx.repository, desc.digest)
  let res: HttpResponse | undefined
  for (let hop = 0; ; hop++) {
    // Off the registry's origin the client sends no Authorization (storage URLs are pre-signed).
    res = await ctx.client.request({ method: 'GET', url, headers, scopes })
    if (!REDIRECTS.has(res.status)) break
    const location = res.headers.location
    await discardBody(res)
    if (!location || hop >= MAX_REDIRECTS) {
      throw new OciError(
        `GET ${redactUrl(url)} redirected ${location ? 'too often' : 'without a Location'}`
      )
    }
    url = resolveLocation(location, url)
  }
  if (res.status === 206 && offset > 0) {
    const start = /^bytes (\d+)-/.exec(res.headers['content-range'] ?? '')?.[1]
    if (start !== undefined && Number(start) !== offset) {
      await discardBody(res)
      throw new OciError(`GET ${redactUrl(url)} returned bytes from ${start}, not from ${offset}`)
    }
    return res.body
  }
  if (res.status === 200) {
    if (offset === 0) return res.body
    // pipeline (not pipe) so that a failure of the download reaches the consumer.
    return pipeline(res.body, skipBytes(offset), () => {})
  }
  throw await ctx.client.fail(res, 'GET', { kind: 'blob', name: desc.digest, repository: ctx.name })
}

/** Drops the first `n` bytes of a stream (for servers that ignore Range). */
function skipBytes(n: number): Transform {
  let left = n
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      if (left >= chunk.length) {
        left -= chunk.length
        done()
        return
      }
      const rest = left > 0 ? chunk.subarray(left) : chunk
      left = 0
      done(null, rest)
    }
  })
}

/** Result of a mount attempt: mounted, or an upload session the registry opened instead. */
export type MountResult = { mounted: true } | { mounted: false; location: URL }

/**
 * Asks the registry to mount a blob from another repository (spec "end-11"): 201 means mounted; 202
 * means it opened an upload session instead, whose Location the caller can upload to.
 */
export async function mountBlob(
  ctx: RepoContext,
  desc: Descriptor,
  from: string
): Promise<MountResult> {
  const url = uploadsUrl(await ctx.client.base(), ctx.repository, { digest: desc.digest, from })
  const scopes = [pushScope(ctx.repository), pullScope(from)]
  const res = await ctx.client.request({ method: 'POST', url, scopes })
  await discardBody(res)
  if (res.status === 201) return { mounted: true }
  if (res.status === 202 && res.headers.location) {
    return { mounted: false, location: resolveLocation(res.headers.location, url) }
  }
  throw await ctx.client.fail(res, 'POST', { kind: 'repository', repository: ctx.name })
}

/** Opens an upload session (spec "end-4a": POST → 202 with a Location, relative or absolute). */
export async function startUpload(ctx: RepoContext): Promise<URL> {
  const url = uploadsUrl(await ctx.client.base(), ctx.repository)
  const res = await ctx.client.request({ method: 'POST', url, scopes: [pushScope(ctx.repository)] })
  if (res.status === 202 && res.headers.location) {
    await discardBody(res)
    return resolveLocation(res.headers.location, url)
  }
  if (res.status === 202)
    throw new OciError(`POST ${redactUrl(url)} returned 202 without a Location`)
  throw await ctx.client.fail(res, 'POST', { kind: 'repository', repository: ctx.name })
}

/**
 * Uploads a blob monolithically (spec "end-6": PUT <location>?digest= with the whole body and its
 * Content-Length). A failed attempt is retried as a whole — new session, content opened again —
 * because a PUT that broke midway leaves the session in an unknown state. `location` reuses a
 * session already opened (e.g. by a mount that answered 202).
 */
export async function uploadBlob(
  ctx: RepoContext,
  desc: Descriptor,
  open: ContentOpener,
  location?: URL
): Promise<void> {
  const client = ctx.client
  let pending = location
  await withRetry(
    client.opts.retry,
    `upload of ${desc.digest} to ${ctx.name}`,
    async () => {
      const session = pending ?? (await startUpload(ctx))
      pending = undefined
      const url = withDigest(session, desc.digest)
      let res: HttpResponse
      try {
        res = await client.request({
          method: 'PUT',
          url,
          headers: {
            'content-type': 'application/octet-stream',
            'content-length': String(desc.size)
          },
          body: () => open(0),
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
      const stored = res.headers['docker-content-digest']
      if (stored && stored !== desc.digest) {
        throw new DigestMismatchError(desc.digest, stored, `blob uploaded to ${ctx.name}`)
      }
      return { done: undefined }
    },
    client.opts.logger
  )
}

/** Cancels an upload session (spec "end-5": DELETE); best effort, failures are only logged. */
async function cancelUpload(ctx: RepoContext, location: URL): Promise<void> {
  try {
    const res = await ctx.client.request({
      method: 'DELETE',
      url: location,
      scopes: [pushScope(ctx.repository)],
      retry: false
    })
    await discardBody(res)
  } catch (e) {
    ctx.client.opts.logger.debug(
      `cancelling upload ${redactUrl(location)}: ${(e as Error).message}`
    )
  }
}
