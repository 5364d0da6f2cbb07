/**
 * Manifest operations (distribution spec "Pulling manifests", "Pushing Manifests"): resolve a tag
 * or digest to a descriptor, fetch bytes (capped, verified), check existence, and put by digest or
 * tag. Every manifest kind of media-types.ts is offered in `Accept`.
 */
import { digestBytes, isDigest, verifyBytes } from '../digest.js'
import { DigestMismatchError, ManifestInvalidError, OciError } from '../errors.js'
import { MAX_MANIFEST_BYTES } from '../manifest.js'
import { MANIFEST_MEDIA_TYPES } from '../media-types.js'
import { readLimited } from '../stream-utils.js'
import type { Descriptor } from '../target.js'
import type { RepoContext } from './client.js'
import type { Subject } from './errors.js'
import { discardBody } from './http.js'
import { pullScope, pushScope } from './scopes.js'
import { manifestUrl } from './urls.js'

/** `Accept` for manifest requests: every kind the client reads. */
export const MANIFEST_ACCEPT = MANIFEST_MEDIA_TYPES.join(', ')

function subjectOf(ctx: RepoContext, reference: string): Subject {
  return { kind: isDigest(reference) ? 'manifest' : 'tag', name: reference, repository: ctx.name }
}

/** Media type of a response, without parameters (`; charset=…`). */
function mediaTypeOf(contentType: string | undefined): string | undefined {
  const t = contentType?.split(';')[0]?.trim()
  return t || undefined
}

/**
 * Resolves a tag or digest to a descriptor with HEAD (Docker-Content-Digest, Content-Type,
 * Content-Length). A registry whose HEAD lacks the digest is asked with GET, and the digest computed.
 */
export async function resolveManifest(
  ctx: RepoContext,
  reference: string,
  scopes = [pullScope(ctx.repository)]
): Promise<Descriptor> {
  const res = await headManifest(ctx, reference, scopes)
  if (res.status !== 200) throw await ctx.client.fail(res, 'HEAD', subjectOf(ctx, reference))
  const digest = res.headers['docker-content-digest']
  const mediaType = mediaTypeOf(res.headers['content-type'])
  const size = Number(res.headers['content-length'])
  if (digest && isDigest(digest) && mediaType && Number.isSafeInteger(size) && size > 0) {
    if (isDigest(reference) && digest !== reference) {
      throw new DigestMismatchError(reference, digest, `manifest in ${ctx.name}`)
    }
    return { mediaType, digest, size }
  }
  return (await fetchManifest(ctx, reference, scopes)).descriptor
}

/**
 * Fetches a manifest's bytes (at most MAX_MANIFEST_BYTES). A manifest asked for by digest is
 * verified against it; one asked for by tag is named by the digest of the bytes received.
 */
export async function fetchManifest(
  ctx: RepoContext,
  reference: string,
  scopes = [pullScope(ctx.repository)]
): Promise<{ bytes: Buffer; descriptor: Descriptor }> {
  const url = manifestUrl(await ctx.client.base(), ctx.repository, reference)
  const res = await ctx.client.request({
    method: 'GET',
    url,
    headers: { accept: MANIFEST_ACCEPT },
    scopes
  })
  if (res.status !== 200) throw await ctx.client.fail(res, 'GET', subjectOf(ctx, reference))
  const declared = Number(res.headers['content-length'])
  if (Number.isSafeInteger(declared) && declared > MAX_MANIFEST_BYTES) {
    res.body.destroy()
    throw new ManifestInvalidError(
      `manifest ${reference} in ${ctx.name} is ${declared} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit`
    )
  }
  const bytes = await readLimited(
    res.body,
    MAX_MANIFEST_BYTES,
    `manifest ${reference} in ${ctx.name}`
  )
  const mediaType = mediaTypeOf(res.headers['content-type'])
  if (!mediaType)
    throw new OciError(`manifest ${reference} in ${ctx.name} came without a Content-Type`)
  let digest: string
  if (isDigest(reference)) {
    verifyBytes(bytes, reference, undefined, `manifest in ${ctx.name}`)
    digest = reference
  } else {
    digest = digestBytes(bytes)
  }
  return { bytes, descriptor: { mediaType, digest, size: bytes.length } }
}

/** True when the repository has the manifest (HEAD by digest). */
export async function manifestExists(
  ctx: RepoContext,
  desc: Descriptor,
  scopes = [pullScope(ctx.repository)]
): Promise<boolean> {
  const res = await headManifest(ctx, desc.digest, scopes)
  if (res.status === 200) return true
  if (res.status === 404) return false
  throw await ctx.client.fail(res, 'HEAD', subjectOf(ctx, desc.digest))
}

/**
 * Puts manifest bytes under a digest or a tag (spec "end-7"), with Content-Type = the descriptor's
 * media type. The bytes must hash to the descriptor, and the registry's Docker-Content-Digest (when
 * sent) must agree.
 */
export async function putManifest(
  ctx: RepoContext,
  desc: Descriptor,
  bytes: Uint8Array,
  reference: string = desc.digest
): Promise<void> {
  verifyBytes(bytes, desc.digest, desc.size, 'manifest')
  const url = manifestUrl(await ctx.client.base(), ctx.repository, reference)
  const body = Buffer.from(bytes)
  const res = await ctx.client.request({
    method: 'PUT',
    url,
    headers: { 'content-type': desc.mediaType, 'content-length': String(body.length) },
    body: () => body,
    scopes: [pushScope(ctx.repository)]
  })
  if (res.status !== 201 && res.status !== 200 && res.status !== 204) {
    throw await ctx.client.fail(res, 'PUT', { kind: 'repository', repository: ctx.name })
  }
  await discardBody(res)
  const stored = res.headers['docker-content-digest']
  // Compared only for the same algorithm: a registry may name content by its own (sha256) digest.
  if (stored && isDigest(stored) && sameAlgorithm(stored, desc.digest) && stored !== desc.digest) {
    throw new DigestMismatchError(desc.digest, stored, `manifest stored in ${ctx.name}`)
  }
}

function sameAlgorithm(a: string, b: string): boolean {
  return a.split(':')[0] === b.split(':')[0]
}

/** HEAD of a manifest by tag or digest, with every manifest type accepted; the body is discarded. */
async function headManifest(ctx: RepoContext, reference: string, scopes: string[]) {
  const url = manifestUrl(await ctx.client.base(), ctx.repository, reference)
  const res = await ctx.client.request({
    method: 'HEAD',
    url,
    headers: { accept: MANIFEST_ACCEPT },
    scopes
  })
  await discardBody(res)
  return res
}
