/**
 * References: `[registry/]repository[:tag][@digest]`, parsed and normalised as docker does
 * (distribution/reference grammar), and `oci-layout:PATH[:TAG|@DIGEST]` for on-disk layouts.
 */
import { parseDigest } from './digest.js'
import { InvalidReferenceError } from './errors.js'

/** Docker Hub's canonical name and the host its API really lives on. */
export const DOCKER_HUB = 'docker.io'
const DOCKER_HUB_API = 'registry-1.docker.io'

// distribution/reference grammar (reference/regexp.go), anchored pieces.
const ALNUM = '[a-z0-9]+'
const SEPARATOR = '(?:[._]|__|[-]+)'
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`
const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`)
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]'
const DOMAIN_RE = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|${IPV6})(?::[0-9]+)?$`
)
const TAG_RE = /^[\w][\w.-]{0,127}$/
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/
const NAME_MAX = 255

/** A parsed registry reference. `registry` is the canonical host (docker.io for Docker Hub). */
export interface Reference {
  registry: string
  repository: string
  tag?: string
  digest?: string
}

/** A parsed `oci-layout:` reference. */
export interface LayoutReference {
  path: string
  tag?: string
  digest?: string
}

/** Either kind of reference a command can take. */
export type AnyReference =
  { kind: 'registry'; ref: Reference } | { kind: 'layout'; ref: LayoutReference }

export const LAYOUT_PREFIX = 'oci-layout:'

/** Parses `oci-layout:…` or a registry reference. */
export function parseAnyReference(input: string): AnyReference {
  if (input.startsWith(LAYOUT_PREFIX)) return { kind: 'layout', ref: parseLayoutReference(input) }
  return { kind: 'registry', ref: parseReference(input) }
}

/** True when the tag matches the distribution tag grammar (1–128 word characters, dots, dashes). */
export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag)
}

/**
 * Parses a registry reference the way docker does: a first component with a dot or colon, or
 * `localhost`, is a registry host; otherwise the reference is on Docker Hub, where a single-component
 * name is in `library/`.
 */
export function parseReference(input: string): Reference {
  const s = input.trim()
  if (s === '')
    throw new InvalidReferenceError(
      'reference is empty: expected registry/repository[:tag][@digest]'
    )
  let rest = s
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    checkDigest(digest, s)
  }
  let tag: string | undefined
  const lastSlash = rest.lastIndexOf('/')
  const colon = rest.indexOf(':', lastSlash + 1)
  // A colon after the last slash is a tag separator; one before it belongs to a host:port.
  if (colon >= 0) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!TAG_RE.test(tag)) {
      throw new InvalidReferenceError(
        `invalid tag "${tag}" in reference "${s}": a tag is 1 to 128 characters of letters, digits, _, . and -, not starting with . or -`
      )
    }
  }
  if (rest === '') throw new InvalidReferenceError(`reference "${s}" has no repository name`)
  if (rest.length > NAME_MAX) {
    throw new InvalidReferenceError(
      `repository name in "${clip(s)}" is longer than ${NAME_MAX} characters`
    )
  }
  let registry = DOCKER_HUB
  let repository = rest
  const slash = rest.indexOf('/')
  if (slash >= 0) {
    const first = rest.slice(0, slash)
    // distribution/reference splitDockerDomain: a first component with a dot, a colon, an
    // uppercase letter (never valid in a path), or `localhost` names a registry.
    if (
      first.includes('.') ||
      first.includes(':') ||
      first === 'localhost' ||
      first.startsWith('[') ||
      first !== first.toLowerCase()
    ) {
      registry = first
      repository = rest.slice(slash + 1)
    }
  }
  if (registry !== DOCKER_HUB && !DOMAIN_RE.test(registry)) {
    throw new InvalidReferenceError(`invalid registry host "${registry}" in reference "${s}"`)
  }
  if (registry === 'index.docker.io') registry = DOCKER_HUB
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`
  if (repository !== repository.toLowerCase() && PATH_RE.test(repository.toLowerCase())) {
    throw new InvalidReferenceError(
      `repository name "${repository}" in reference "${s}" must be lowercase: use "${repository.toLowerCase()}"`
    )
  }
  if (!PATH_RE.test(repository)) {
    throw new InvalidReferenceError(
      `invalid repository name "${repository}" in reference "${s}": use lowercase letters, digits and separators (., _, __, -) between slash-separated components`
    )
  }
  const ref: Reference = { registry, repository }
  if (tag !== undefined) ref.tag = tag
  if (digest !== undefined) ref.digest = digest
  return ref
}

/** Parses `oci-layout:PATH[:TAG|@DIGEST]`; the tag separator is a colon after the path's last slash. */
export function parseLayoutReference(input: string): LayoutReference {
  if (!input.startsWith(LAYOUT_PREFIX)) {
    throw new InvalidReferenceError(`"${input}" is not an oci-layout: reference`)
  }
  let rest = input.slice(LAYOUT_PREFIX.length)
  let digest: string | undefined
  let tag: string | undefined
  const at = rest.lastIndexOf('@')
  if (at >= 0 && DIGEST_RE.test(rest.slice(at + 1))) {
    digest = rest.slice(at + 1)
    checkDigest(digest, input)
    rest = rest.slice(0, at)
  } else {
    const lastSlash = rest.lastIndexOf('/')
    const colon = rest.lastIndexOf(':')
    if (colon > lastSlash && colon > 0) {
      tag = rest.slice(colon + 1)
      rest = rest.slice(0, colon)
      if (!TAG_RE.test(tag)) {
        throw new InvalidReferenceError(
          `invalid tag "${tag}" in "${input}": a tag is 1 to 128 characters of letters, digits, _, . and -`
        )
      }
    }
  }
  if (rest === '') {
    throw new InvalidReferenceError(`"${input}" has no path: use oci-layout:PATH[:TAG|@DIGEST]`)
  }
  const ref: LayoutReference = { path: rest }
  if (tag !== undefined) ref.tag = tag
  if (digest !== undefined) ref.digest = digest
  return ref
}

/** The host the registry API is reached at (Docker Hub's API lives on another host). */
export function apiHost(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API : registry
}

/** Formats `registry/repository[:tag][@digest]`. */
export function formatReference(ref: Reference): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`
}

/** The tag or digest to resolve: the digest wins when both are given (as docker does). */
export function referenceSelector(ref: { tag?: string; digest?: string }): string | undefined {
  return ref.digest ?? ref.tag
}

/** Loopback hosts, where plain http is allowed without asking (as docker does). */
export function isLoopbackHost(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

/** A digest must match the grammar and be one this client can verify (sha256/sha512, exact length). */
function checkDigest(digest: string, input: string): void {
  if (!DIGEST_RE.test(digest)) {
    throw new InvalidReferenceError(
      `invalid digest in reference "${clip(input)}": expected algorithm:hex, e.g. @sha256:<64 hex characters>`
    )
  }
  try {
    parseDigest(digest)
  } catch (e) {
    throw new InvalidReferenceError(
      `invalid digest in reference "${clip(input)}": ${(e as Error).message}`
    )
  }
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s
}
