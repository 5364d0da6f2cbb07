/**
 * FileSource: the read side of a push, a ReadOnlyTarget over packed files and small in-memory blobs
 * (the config, the manifest), so that copy() pushes local files exactly as it copies between
 * registries. Every fetch opens the file afresh at the offset asked for, so an upload can resume.
 */
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { isDigest } from '../digest.js'
import { NotFoundError } from '../errors.js'
import { isManifestMediaType } from '../media-types.js'
import type { Descriptor, ReadOnlyTarget } from '../target.js'

/** A blob held in memory: a manifest or a small config. */
export interface InMemoryBlob {
  descriptor: Descriptor
  bytes: Uint8Array
}

/** A ReadOnlyTarget over packed files (`{ descriptor, sourcePath }`) and in-memory blobs. */
export class FileSource implements ReadOnlyTarget {
  readonly name = 'local files'
  private readonly files = new Map<string, string>()
  private readonly blobs = new Map<string, InMemoryBlob>()

  constructor(
    files: readonly { descriptor: Descriptor; sourcePath: string }[],
    blobs: readonly InMemoryBlob[] = []
  ) {
    for (const f of files) this.files.set(f.descriptor.digest, f.sourcePath)
    for (const b of blobs) this.blobs.set(b.descriptor.digest, b)
  }

  /** Opens a blob at `offset`: the file it was packed from, or the in-memory bytes. */
  async fetch(desc: Descriptor, offset = 0): Promise<Readable> {
    const blob = this.blobs.get(desc.digest)
    if (blob) return Readable.from([Buffer.from(blob.bytes).subarray(offset)])
    const path = this.files.get(desc.digest)
    if (path === undefined) throw new NotFoundError(`${desc.digest} is not among the files to push`)
    // The file may have changed since it was hashed: the receiving side verifies, as always.
    return createReadStream(path, { start: offset, highWaterMark: 1 << 20 })
  }

  /**
   * Resolves a digest to its in-memory manifest; any other reference (a tag) resolves to the one
   * manifest held, the root of the push.
   */
  async resolve(reference: string): Promise<Descriptor> {
    const manifests = [...this.blobs.values()].filter(b =>
      isManifestMediaType(b.descriptor.mediaType)
    )
    const hit = isDigest(reference)
      ? manifests.find(b => b.descriptor.digest === reference)
      : manifests.length === 1
        ? manifests[0]
        : undefined
    if (!hit) throw new NotFoundError(`no manifest "${reference}" among the files to push`)
    return hit.descriptor
  }
}
