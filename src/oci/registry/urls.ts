/**
 * URL building for the distribution API (distribution spec "Endpoints"): every path the client
 * requests is made here, so that escaping and scheme handling live in one place.
 */

/** The scheme a registry is spoken to with. */
export type Scheme = 'https' | 'http'

/** Base URL of a registry's API, e.g. `https://ghcr.io`. */
export function registryBase(scheme: Scheme, host: string): URL {
  return new URL(`${scheme}://${host}`)
}

/** `GET /v2/`: the API version check (spec "end-1"). */
export function pingUrl(base: URL): URL {
  return new URL('/v2/', base)
}

// A repository name is already validated by reference.ts (lowercase path components), so it is
// safe in a path as is; tags and digests are escaped anyway in case a caller passes something odd.
function repoPath(repository: string): string {
  return repository
    .split('/')
    .map(c => encodeURIComponent(c))
    .join('/')
}

// Escapes a tag or digest for a path segment; ':' is legal in a segment and kept, so digests read
// as registries log and document them.
function segment(s: string): string {
  return encodeURIComponent(s).replace(/%3A/gi, ':')
}

/** `/v2/<name>/blobs/<digest>` (spec "end-2"). */
export function blobUrl(base: URL, repository: string, digest: string): URL {
  return new URL(`/v2/${repoPath(repository)}/blobs/${segment(digest)}`, base)
}

/** `/v2/<name>/manifests/<reference>` where reference is a tag or a digest (spec "end-3"). */
export function manifestUrl(base: URL, repository: string, reference: string): URL {
  return new URL(`/v2/${repoPath(repository)}/manifests/${segment(reference)}`, base)
}

/** `/v2/<name>/tags/list[?n=<n>]` (spec "end-8a/8b"). */
export function tagsUrl(base: URL, repository: string, pageSize?: number): URL {
  const u = new URL(`/v2/${repoPath(repository)}/tags/list`, base)
  if (pageSize !== undefined) u.searchParams.set('n', String(pageSize))
  return u
}

/**
 * `/v2/<name>/blobs/uploads/` to open an upload session (spec "end-4a"), or with `mount` and `from`
 * to mount a blob from another repository of the same registry (spec "end-11").
 */
export function uploadsUrl(
  base: URL,
  repository: string,
  mount?: { digest: string; from: string }
): URL {
  const u = new URL(`/v2/${repoPath(repository)}/blobs/uploads/`, base)
  if (mount) {
    u.searchParams.set('mount', mount.digest)
    u.searchParams.set('from', mount.from)
  }
  return u
}

/**
 * Resolves a `Location` or `Link` target against the URL of the request that returned it: the
 * spec allows both absolute and relative locations (spec "Pushing a blob monolithically").
 */
export function resolveLocation(location: string, requestUrl: URL): URL {
  return new URL(location, requestUrl)
}

/**
 * Adds `digest=<digest>` to an upload location, keeping its opaque query (distribution puts its
 * upload state there, spec "end-6").
 */
export function withDigest(location: URL, digest: string): URL {
  const u = new URL(location)
  u.searchParams.set('digest', digest)
  return u
}

/** True when two URLs point at the same origin (scheme, host and port). */
export function sameOrigin(a: URL, b: URL): boolean {
  return a.origin === b.origin
}

/**
 * Parses an RFC 8288 `Link` header and returns the target of `rel="next"` (spec "end-8b":
 * tag list pagination), or undefined when there is none.
 */
export function nextLink(header: string | undefined): string | undefined {
  if (!header) return undefined
  // Links are comma-separated, but a URL may itself contain commas inside <…>; split on "," that
  // follows ">" or a parameter, by scanning the <…> parts explicitly.
  const re = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g
  for (let m = re.exec(header); m; m = re.exec(header)) {
    const params = m[2] ?? ''
    if (/;\s*rel\s*=\s*"?(?:[^";,]*\s)?next(?:\s[^";,]*)?"?/i.test(params)) return m[1]
  }
  return undefined
}
