// An in-memory Target for unit tests of copy() and the commands: verifies what is pushed, records
// every call so tests can assert what moved.
import { Readable } from 'node:stream'
import { digestBytes, verifyBytes } from '../../src/oci/digest.js'
import { NotFoundError } from '../../src/oci/errors.js'
import type { ContentOpener, Descriptor, PushOutcome, Target } from '../../src/oci/target.js'

export class MemoryTarget implements Target {
  readonly blobs = new Map<string, Buffer>()
  readonly refs = new Map<string, Descriptor>()
  readonly calls: string[] = []
  mountSource?: { registryHost: string; repository: string }

  constructor(readonly name = 'memory') {}

  add(
    bytes: Buffer | string,
    mediaType = 'application/octet-stream',
    annotations?: Record<string, string>
  ): Descriptor {
    const b = Buffer.from(bytes)
    const d: Descriptor = {
      mediaType,
      digest: digestBytes(b),
      size: b.length,
      ...(annotations ? { annotations } : {})
    }
    this.blobs.set(d.digest, b)
    return d
  }

  async fetch(desc: Descriptor, offset = 0): Promise<Readable> {
    this.calls.push(`fetch ${desc.digest}`)
    const b = this.blobs.get(desc.digest)
    if (!b) throw new NotFoundError(`${desc.digest} not found`)
    return Readable.from([b.subarray(offset)])
  }

  /** Thrown by resolve() when set, to test a failing lookup. */
  resolveError?: Error

  async resolve(reference: string): Promise<Descriptor> {
    this.calls.push(`resolve ${reference}`)
    if (this.resolveError) throw this.resolveError
    const d = this.refs.get(reference)
    if (!d) throw new NotFoundError(`${reference} not found`)
    return d
  }

  async exists(desc: Descriptor): Promise<boolean> {
    this.calls.push(`exists ${desc.digest}`)
    return this.blobs.has(desc.digest)
  }

  async push(desc: Descriptor, open: ContentOpener): Promise<PushOutcome> {
    this.calls.push(`push ${desc.digest}`)
    if (this.blobs.has(desc.digest)) return 'existed'
    const chunks: Buffer[] = []
    for await (const c of await open(0)) chunks.push(Buffer.from(c as Uint8Array))
    const b = Buffer.concat(chunks)
    verifyBytes(b, desc.digest, desc.size)
    this.blobs.set(desc.digest, b)
    return 'uploaded'
  }

  async tag(desc: Descriptor, tag: string, manifest: Uint8Array): Promise<void> {
    this.calls.push(`tag ${tag}`)
    verifyBytes(manifest, desc.digest)
    this.blobs.set(desc.digest, Buffer.from(manifest))
    this.refs.set(tag, desc)
  }

  async tags(): Promise<string[]> {
    return [...this.refs.keys()].sort()
  }
}
