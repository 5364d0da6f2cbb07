/**
 * Manifests and indexes: building the artifact manifest a push writes (image-spec 1.1 or the 1.0
 * form), and parsing what a registry returns, strictly, before anything in it is trusted.
 */
import { digestBytes, parseDigest } from './digest.js'
import { ManifestInvalidError } from './errors.js'
import {
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  INDEX_MEDIA_TYPES,
  OCI_EMPTY,
  OCI_INDEX,
  OCI_MANIFEST,
  isValidMediaType
} from './media-types.js'
import type { Descriptor } from './target.js'

/** Manifests above this size are refused (distribution spec recommends registries accept 4 MiB). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024

/** The empty JSON object `{}` as a blob (image-spec 1.1, "Guidance for an Empty Descriptor"). */
export const EMPTY_JSON = Buffer.from('{}')
export const EMPTY_DESCRIPTOR: Descriptor = Object.freeze({
  mediaType: OCI_EMPTY,
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
  data: 'e30='
})

/** An image manifest (image-spec "Image Manifest"), also Docker schema 2. */
export interface ImageManifest {
  schemaVersion: 2
  mediaType?: string
  artifactType?: string
  config: Descriptor
  layers: Descriptor[]
  subject?: Descriptor
  annotations?: Record<string, string>
}

/** An image index (image-spec "Image Index"), also a Docker manifest list. */
export interface ImageIndex {
  schemaVersion: 2
  mediaType?: string
  artifactType?: string
  manifests: Descriptor[]
  subject?: Descriptor
  annotations?: Record<string, string>
}

/** A parsed manifest with its kind. */
export type ParsedManifest =
  | { kind: 'manifest'; mediaType: string; manifest: ImageManifest }
  | { kind: 'index'; mediaType: string; manifest: ImageIndex }

/** Options of an artifact manifest. */
export interface BuildManifestOptions {
  layers: Descriptor[]
  config?: Descriptor
  artifactType?: string
  annotations?: Record<string, string>
  subject?: Descriptor
  /** `v1.1` (artifactType field, empty config) or `v1.0` (artifact type carried as config.mediaType). */
  imageSpec?: 'v1.1' | 'v1.0'
}

/**
 * Builds an artifact manifest as oras writes it. With image-spec 1.0 (for older registries) there is
 * no `artifactType` field: the type travels as the config's media type, on an empty `{}` config.
 */
export function buildManifest(opts: BuildManifestOptions): {
  manifest: ImageManifest
  bytes: Buffer
  descriptor: Descriptor
} {
  const spec = opts.imageSpec ?? 'v1.1'
  let config = opts.config ?? { ...EMPTY_DESCRIPTOR }
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config,
    layers: opts.layers
  }
  if (spec === 'v1.1') {
    // Required by image-spec 1.1 when the config is the empty descriptor.
    if (opts.artifactType) manifest.artifactType = opts.artifactType
  } else if (!opts.config && opts.artifactType) {
    // image-spec 1.0: an empty config whose media type names the artifact type.
    config = {
      mediaType: opts.artifactType,
      digest: EMPTY_DESCRIPTOR.digest,
      size: EMPTY_DESCRIPTOR.size
    }
    manifest.config = config
  }
  // Key order as oras writes it, for readable and reproducible output.
  const ordered: ImageManifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    ...(manifest.artifactType ? { artifactType: manifest.artifactType } : {}),
    config: manifest.config,
    layers: manifest.layers,
    ...(opts.subject ? { subject: opts.subject } : {}),
    ...(opts.annotations && Object.keys(opts.annotations).length
      ? { annotations: opts.annotations }
      : {})
  }
  const bytes = Buffer.from(JSON.stringify(ordered))
  return {
    manifest: ordered,
    bytes,
    descriptor: {
      mediaType: OCI_MANIFEST,
      digest: digestBytes(bytes),
      size: bytes.length,
      ...(ordered.artifactType ? { artifactType: ordered.artifactType } : {})
    }
  }
}

/**
 * Parses and validates manifest bytes. `mediaType` is the type the registry or index named; when the
 * document has its own `mediaType` field, the two must agree.
 */
export function parseManifest(bytes: Uint8Array, mediaType?: string): ParsedManifest {
  if (bytes.length > MAX_MANIFEST_BYTES) {
    throw new ManifestInvalidError(
      `manifest is ${bytes.length} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit`
    )
  }
  let doc: unknown
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8'))
  } catch (e) {
    throw new ManifestInvalidError(`manifest is not valid JSON: ${(e as Error).message}`)
  }
  if (!isObject(doc)) throw new ManifestInvalidError('manifest is not a JSON object')
  if (doc.schemaVersion !== 2)
    throw new ManifestInvalidError(
      `unsupported manifest schemaVersion ${String(doc.schemaVersion)}: expected 2`
    )
  const own = typeof doc.mediaType === 'string' ? doc.mediaType : undefined
  if (own && mediaType && own !== mediaType && !sameFamily(own, mediaType)) {
    throw new ManifestInvalidError(
      `manifest mediaType ${own} does not match the announced ${mediaType}`
    )
  }
  const type = own ?? mediaType ?? (Array.isArray(doc.manifests) ? OCI_INDEX : OCI_MANIFEST)
  const artifactType = optionalMediaType(doc.artifactType, 'artifactType')
  const annotations = optionalAnnotations(doc.annotations, 'manifest annotations')
  const subject = doc.subject === undefined ? undefined : parseDescriptor(doc.subject, 'subject')
  if (INDEX_MEDIA_TYPES.includes(type)) {
    if (!Array.isArray(doc.manifests))
      throw new ManifestInvalidError('index has no manifests array')
    const manifests = doc.manifests.map((d, i) => parseDescriptor(d, `manifests[${i}]`))
    return {
      kind: 'index',
      mediaType: type,
      manifest: {
        ...(doc as object),
        schemaVersion: 2,
        manifests,
        artifactType,
        annotations,
        subject
      } as ImageIndex
    }
  }
  if (type !== OCI_MANIFEST && type !== DOCKER_MANIFEST) {
    throw new ManifestInvalidError(`unsupported manifest media type ${type}`)
  }
  const config = parseDescriptor(doc.config, 'config')
  if (!Array.isArray(doc.layers)) throw new ManifestInvalidError('manifest has no layers array')
  const layers = doc.layers.map((d, i) => parseDescriptor(d, `layers[${i}]`))
  return {
    kind: 'manifest',
    mediaType: type,
    manifest: {
      ...(doc as object),
      schemaVersion: 2,
      config,
      layers,
      artifactType,
      annotations,
      subject
    } as ImageManifest
  }
}

/** The descriptors a manifest or index refers to (children to copy before the parent). */
export function manifestChildren(parsed: ParsedManifest): Descriptor[] {
  if (parsed.kind === 'index') return parsed.manifest.manifests
  return [parsed.manifest.config, ...parsed.manifest.layers]
}

/** The artifact type of a manifest: its artifactType, else the config media type of a non-image. */
export function artifactTypeOf(parsed: ParsedManifest): string | undefined {
  if (parsed.manifest.artifactType) return parsed.manifest.artifactType
  if (parsed.kind === 'manifest') {
    const t = parsed.manifest.config.mediaType
    if (
      t !== OCI_EMPTY &&
      t !== 'application/vnd.oci.image.config.v1+json' &&
      t !== 'application/vnd.docker.container.image.v1+json'
    )
      return t
  }
  return undefined
}

/** Validates one descriptor: media type shape, a verifiable digest, a non-negative integer size. */
export function parseDescriptor(value: unknown, where: string): Descriptor {
  if (!isObject(value)) throw new ManifestInvalidError(`${where} is not a descriptor object`)
  const { mediaType, digest, size } = value
  if (typeof mediaType !== 'string' || !isValidMediaType(mediaType)) {
    throw new ManifestInvalidError(`${where} has an invalid mediaType`)
  }
  if (typeof digest !== 'string') throw new ManifestInvalidError(`${where} has no digest`)
  try {
    parseDigest(digest)
  } catch (e) {
    throw new ManifestInvalidError(`${where}: ${(e as Error).message}`)
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new ManifestInvalidError(`${where} has an invalid size`)
  }
  const desc: Descriptor = { ...(value as object), mediaType, digest, size } as Descriptor
  const annotations = optionalAnnotations(value.annotations, `${where} annotations`)
  if (annotations) desc.annotations = annotations
  else delete desc.annotations
  optionalMediaType(value.artifactType, `${where} artifactType`)
  return desc
}

function optionalMediaType(v: unknown, where: string): string | undefined {
  if (v === undefined) return undefined
  if (typeof v !== 'string' || !isValidMediaType(v))
    throw new ManifestInvalidError(`${where} is not a valid media type`)
  return v
}

function optionalAnnotations(v: unknown, where: string): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined
  if (!isObject(v)) throw new ManifestInvalidError(`${where} is not an object of strings`)
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string')
      throw new ManifestInvalidError(`${where}: "${k.slice(0, 60)}" is not a string`)
  }
  return v as Record<string, string>
}

function sameFamily(a: string, b: string): boolean {
  const manifests = [OCI_MANIFEST, DOCKER_MANIFEST]
  const indexes = [OCI_INDEX, DOCKER_MANIFEST_LIST]
  return (
    (manifests.includes(a) && manifests.includes(b)) || (indexes.includes(a) && indexes.includes(b))
  )
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
