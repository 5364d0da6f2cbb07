/**
 * Blob operations (distribution spec "Pulling blobs", "Pushing blobs", "Mounting a blob from another
 * repository"): existence check, streaming download from an offset (following redirects to object
 * storage without credentials), opening and cancelling upload sessions (upload.ts uses them), and
 * cross-repository mount. Blobs are streamed, never buffered.
 */
import { Readable, Transform, pipeline, type TransformCallback } from 'node:stream'
import { InvalidInputError, OciError, redactUrl } from '../errors.js'
import type { Descriptor } from '../target.js'
import type { RepoContext } from './client.js'
import { parseContentRange } from './content-range.js'
import { discardBody, type HttpResponse } from './http.js'
import { pullScope, pushScope } from './scopes.js'
import { blobUrl, resolveLocation, uploadsUrl } from './urls.js'

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
  const { res, url } = await getBlob(ctx, desc, headers)
  if (res.status === 206 && offset > 0) {
    const range = parseContentRange(res.headers['content-range'])
    if (!range || range.first !== offset) {
      await discardBody(res)
      throw new OciError(
        `GET ${redactUrl(url)} answered a range request for bytes from ${offset} with ${range ? `bytes from ${range.first}` : 'no valid Content-Range'}`
      )
    }
    return res.body
  }
  if (res.status === 416 && offset > 0) {
    // A server that cannot serve the range: fetch the whole blob and drop what we have.
    await discardBody(res)
    return pipeline(await fetchBlob(ctx, desc, 0), skipBytes(offset), () => {})
  }
  if (res.status === 200) {
    if (offset === 0) return res.body
    // pipeline (not pipe) so that a failure of the download reaches the consumer.
    return pipeline(res.body, skipBytes(offset), () => {})
  }
  throw await ctx.client.fail(res, 'GET', { kind: 'blob', name: desc.digest, repository: ctx.name })
}

/**
 * Streams bytes [start, end) of a blob (RFC 9110 §14.2 `Range: bytes=start-(end-1)`), or answers
 * undefined when the server does not serve ranges (a 200 with the whole blob, or a 416): the caller
 * then fetches it as one stream. A 206 must cover exactly the range asked for.
 */
export async function fetchBlobRange(
  ctx: RepoContext,
  desc: Descriptor,
  start: number,
  end: number
): Promise<Readable | undefined> {
  if (!Number.isSafeInteger(start) || start < 0 || end <= start || end > desc.size) {
    throw new InvalidInputError(
      `range ${start}-${end} is outside blob ${desc.digest} of ${desc.size} bytes`
    )
  }
  const { res, url } = await getBlob(ctx, desc, { range: `bytes=${start}-${end - 1}` })
  if (res.status === 206) {
    const range = parseContentRange(res.headers['content-range'])
    if (range?.first !== start || range.last !== end - 1) {
      await discardBody(res)
      throw new OciError(
        `GET ${redactUrl(url)} answered a request for bytes ${start}-${end - 1} with ${range ? `bytes ${range.first}-${range.last}` : 'no valid Content-Range'}`
      )
    }
    return res.body
  }
  if (res.status === 200 || res.status === 416) {
    await discardBody(res)
    return undefined
  }
  throw await ctx.client.fail(res, 'GET', { kind: 'blob', name: desc.digest, repository: ctx.name })
}

/** GET of a blob, following redirects (to object storage: the client sends no Authorization off the registry's origin). */
async function getBlob(
  ctx: RepoContext,
  desc: Descriptor,
  headers: Record<string, string>
): Promise<{ res: HttpResponse; url: URL }> {
  const scopes = [pullScope(ctx.repository)]
  let url = blobUrl(await ctx.client.base(), ctx.repository, desc.digest)
  for (let hop = 0; ; hop++) {
    const res = await ctx.client.request({ method: 'GET', url, headers, scopes })
    if (!REDIRECTS.has(res.status)) return { res, url }
    const location = res.headers.location
    await discardBody(res)
    if (!location || hop >= MAX_REDIRECTS) {
      throw new OciError(
        `GET ${redactUrl(url)} redirected ${location ? 'too often' : 'without a Location'}`
      )
    }
    url = resolveLocation(location, url)
  }
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

/** An upload session the registry opened. */
export interface UploadSession {
  location: URL
  /** `OCI-Chunk-Min-Length`: the smallest PATCH the registry takes (spec "end-4a"), if it said. */
  minChunkLength?: number
}

/** Opens an upload session (spec "end-4a": POST → 202 with a Location, relative or absolute). */
export async function startUpload(ctx: RepoContext): Promise<UploadSession> {
  const url = uploadsUrl(await ctx.client.base(), ctx.repository)
  const res = await ctx.client.request({ method: 'POST', url, scopes: [pushScope(ctx.repository)] })
  if (res.status === 202 && res.headers.location) {
    await discardBody(res)
    const min = Number(res.headers['oci-chunk-min-length'])
    return {
      location: resolveLocation(res.headers.location, url),
      ...(Number.isSafeInteger(min) && min > 0 ? { minChunkLength: min } : {})
    }
  }
  if (res.status === 202)
    throw new OciError(`POST ${redactUrl(url)} returned 202 without a Location`)
  throw await ctx.client.fail(res, 'POST', { kind: 'repository', repository: ctx.name })
}

/** Cancels an upload session (spec "end-5": DELETE); best effort, failures are only logged. */
export async function cancelUpload(ctx: RepoContext, location: URL): Promise<void> {
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
