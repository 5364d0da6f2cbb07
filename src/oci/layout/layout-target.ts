/**
 * LayoutTarget: a Target over an on-disk OCI image layout (image-spec "Image Layout"): an
 * `oci-layout` file, `index.json` naming the tagged manifests, and `blobs/<alg>/<hex>`. It is the
 * `oci-layout:` reference and the local blob cache. Blobs are written as cacache writes content
 * (see verified-write.ts), so a crash never leaves a wrong blob under a content address.
 */
import { createReadStream } from 'node:fs'
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join, resolve as resolvePath } from 'node:path'
import { Readable } from 'node:stream'
import { isDigest, parseDigest, verifyBytes } from '../digest.js'
import { DigestMismatchError, InvalidInputError, NotFoundError } from '../errors.js'
import { silentLogger, type Logger } from '../logger.js'
import { MAX_MANIFEST_BYTES } from '../manifest.js'
import { OCI_INDEX, OCI_MANIFEST } from '../media-types.js'
import { isValidTag } from '../reference.js'
import { readLimited } from '../stream-utils.js'
import type {
  ContentOpener,
  Descriptor,
  PushOptions,
  PushOutcome,
  TagLister,
  Target
} from '../target.js'
import { writeVerifiedFile, type VerifiedWriteOptions } from '../verified-write.js'
import {
  REF_NAME,
  emptyIndex,
  readIndex,
  serialized,
  taggedEntries,
  writeIndex
} from './index-json.js'

/** The only layout version the image spec defines. */
export const IMAGE_LAYOUT_VERSION = '1.0.0'

/** Options of a LayoutTarget. */
export interface LayoutTargetOptions extends VerifiedWriteOptions {
  path: string
  logger?: Logger
}

/** Options of LayoutTarget.open(). */
export interface OpenLayoutOptions extends VerifiedWriteOptions {
  /** Create the layout when the folder is missing or empty (for writing); otherwise it must exist. */
  create?: boolean
  logger?: Logger
}

/** A Target and TagLister over an OCI image layout folder. */
export class LayoutTarget implements Target, TagLister {
  readonly name: string
  /** The layout folder, resolved to an absolute path. */
  readonly path: string
  private readonly logger: Logger

  constructor(private readonly opts: LayoutTargetOptions) {
    this.path = resolvePath(opts.path)
    this.name = `oci-layout:${opts.path}`
    this.logger = opts.logger ?? silentLogger
  }

  /**
   * Opens the layout at `path`. With `create`, a missing or empty folder becomes a new layout. A
   * folder that has files but no `oci-layout` file is refused either way: it is someone's folder,
   * not a layout, and nothing is written into it.
   */
  static async open(path: string, opts: OpenLayoutOptions = {}): Promise<LayoutTarget> {
    const dir = resolvePath(path)
    const info = await stat(dir).catch(() => undefined)
    if (info && !info.isDirectory()) {
      throw new InvalidInputError(`${path} is a file, not an OCI image layout folder`)
    }
    const entries = info ? await readdir(dir) : []
    if (entries.includes('oci-layout')) {
      await checkLayoutFile(dir, path)
      if (!entries.includes('index.json')) {
        if (!opts.create) throw new NotFoundError(`${path} is an OCI layout without index.json`)
        await writeIndex(dir, emptyIndex())
      }
    } else if (entries.length > 0) {
      throw new InvalidInputError(
        `${path} exists and is not an OCI image layout (it has no oci-layout file); refusing to use it: name a new or empty folder`
      )
    } else if (!opts.create) {
      throw new NotFoundError(`no OCI image layout at ${path}`)
    } else {
      await mkdir(join(dir, 'blobs'), { recursive: true })
      await writeFile(
        join(dir, 'oci-layout'),
        JSON.stringify({ imageLayoutVersion: IMAGE_LAYOUT_VERSION })
      )
      await writeIndex(dir, emptyIndex())
    }
    return new LayoutTarget({ ...opts, path })
  }

  /** Where the blob with this digest lives (the digest is validated, so it cannot name another path). */
  blobPath(digest: string): string {
    const { algorithm, encoded } = parseDigest(digest)
    return join(this.path, 'blobs', algorithm, encoded)
  }

  /** True when the blob is stored with the descriptor's size. */
  async exists(desc: Descriptor): Promise<boolean> {
    const info = await stat(this.blobPath(desc.digest)).catch(() => undefined)
    return info !== undefined && info.isFile() && info.size === desc.size
  }

  /** Streams a blob from `offset`; the receiver verifies it, as every Target's reader does. */
  async fetch(desc: Descriptor, offset = 0): Promise<Readable> {
    const file = this.blobPath(desc.digest)
    const info = await stat(file).catch(() => undefined)
    if (!info?.isFile()) throw new NotFoundError(`${desc.digest} is not in ${this.name}`)
    if (info.size !== desc.size) {
      throw new DigestMismatchError(
        `${desc.size} bytes`,
        `${info.size} bytes`,
        `blob ${desc.digest} in ${this.name}`
      )
    }
    return createReadStream(file, { start: offset, highWaterMark: 1 << 20 })
  }

  /** Stores a blob unless it is already there; the digest and size are verified before it lands. */
  async push(
    desc: Descriptor,
    open: ContentOpener,
    pushOpts: PushOptions = {}
  ): Promise<PushOutcome> {
    if (await this.exists(desc)) return 'existed'
    const file = this.blobPath(desc.digest)
    await mkdir(join(file, '..'), { recursive: true })
    await writeVerifiedFile(file, desc, open, {
      maxResumes: this.opts.maxResumes,
      logger: this.logger,
      ...pushOpts
    })
    return 'uploaded'
  }

  /** Points `tag` at the manifest, storing the manifest blob first when it is missing. */
  async tag(desc: Descriptor, tag: string, manifest: Uint8Array): Promise<void> {
    if (!isValidTag(tag)) throw new InvalidInputError(`invalid tag "${tag.slice(0, 80)}"`)
    verifyBytes(manifest, desc.digest, desc.size, 'manifest')
    await this.push(desc, async offset => Readable.from([Buffer.from(manifest).subarray(offset)]))
    await serialized(this.path, async () => {
      const index = await readIndex(this.path)
      const entry: Descriptor = {
        mediaType: desc.mediaType,
        digest: desc.digest,
        size: desc.size,
        ...(desc.artifactType ? { artifactType: desc.artifactType } : {}),
        ...(desc.platform ? { platform: desc.platform } : {}),
        annotations: { ...desc.annotations, [REF_NAME]: tag }
      }
      // A tag names one manifest: an older entry with the same name is replaced, not duplicated.
      index.manifests = [...index.manifests.filter(d => d.annotations?.[REF_NAME] !== tag), entry]
      await writeIndex(this.path, index)
    })
  }

  /**
   * Resolves a tag through index.json, or a digest: an index.json entry, else a stored blob read
   * (at most 4 MiB) for its mediaType field.
   */
  async resolve(reference: string): Promise<Descriptor> {
    const ref = reference.startsWith('@') ? reference.slice(1) : reference
    const index = await readIndex(this.path)
    if (!isDigest(ref)) {
      const hit = taggedEntries(index)
        .reverse()
        .find(e => e.tag === ref)
      if (!hit) {
        const tags = taggedEntries(index).map(e => e.tag)
        throw new NotFoundError(
          `tag "${ref}" is not in ${this.name} (tags: ${tags.slice(0, 20).join(', ') || 'none'})`
        )
      }
      return hit.descriptor
    }
    const entry = index.manifests.find(d => d.digest === ref)
    if (entry) return entry
    const file = this.blobPath(ref)
    const info = await stat(file).catch(() => undefined)
    if (!info?.isFile()) throw new NotFoundError(`${ref} is not in ${this.name}`)
    const bytes = await readLimited(
      createReadStream(file),
      MAX_MANIFEST_BYTES,
      `manifest ${ref} in ${this.name}`
    )
    verifyBytes(bytes, ref, undefined, 'manifest')
    return { mediaType: sniffMediaType(bytes, ref), digest: ref, size: bytes.length }
  }

  /** The tags of index.json, sorted and without duplicates. */
  async tags(): Promise<string[]> {
    const index = await readIndex(this.path)
    return [...new Set(taggedEntries(index).map(e => e.tag))].sort()
  }
}

async function checkLayoutFile(dir: string, shown: string): Promise<void> {
  let version: unknown
  try {
    version = JSON.parse(await readFile(join(dir, 'oci-layout'), 'utf8')).imageLayoutVersion
  } catch (e) {
    throw new InvalidInputError(`${shown}/oci-layout is not valid JSON: ${(e as Error).message}`)
  }
  if (version !== IMAGE_LAYOUT_VERSION) {
    throw new InvalidInputError(
      `${shown} has imageLayoutVersion ${JSON.stringify(version)}; only ${IMAGE_LAYOUT_VERSION} is supported`
    )
  }
}

/** The mediaType of a stored manifest; documents without one are told apart by their shape. */
function sniffMediaType(bytes: Buffer, digest: string): string {
  let doc: unknown
  try {
    doc = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw new InvalidInputError(`${digest} is a blob, not a manifest (not JSON)`)
  }
  if (typeof doc !== 'object' || doc === null) {
    throw new InvalidInputError(`${digest} is a blob, not a manifest`)
  }
  const d = doc as { mediaType?: unknown; manifests?: unknown }
  if (typeof d.mediaType === 'string') return d.mediaType
  return Array.isArray(d.manifests) ? OCI_INDEX : OCI_MANIFEST
}
