/**
 * Digests: parsing, streaming computation and verification (image-spec "Digests").
 * Only sha256 and sha512 are accepted: an unknown algorithm could not be verified, so it is refused.
 */
import { createHash, type Hash } from 'node:crypto'
import { open } from 'node:fs/promises'
import { Transform, type TransformCallback } from 'node:stream'
import { DigestMismatchError, UnsupportedError } from './errors.js'

const ENCODED_LENGTH: Record<string, number> = { sha256: 64, sha512: 128 }

/** A parsed digest: algorithm and lowercase hex encoding. */
export interface ParsedDigest {
  algorithm: 'sha256' | 'sha512'
  encoded: string
}

/** Parses `algorithm:hex`, refusing unknown algorithms and malformed encodings. */
export function parseDigest(digest: string): ParsedDigest {
  const i = digest.indexOf(':')
  if (i <= 0) throw new UnsupportedError(`invalid digest "${clip(digest)}": expected algorithm:hex`)
  const algorithm = digest.slice(0, i)
  const encoded = digest.slice(i + 1)
  const length = ENCODED_LENGTH[algorithm]
  if (length === undefined) {
    throw new UnsupportedError(
      `unsupported digest algorithm "${clip(algorithm)}" in ${clip(digest)}: only sha256 and sha512 can be verified`
    )
  }
  if (encoded.length !== length || !/^[a-f0-9]+$/.test(encoded)) {
    throw new UnsupportedError(
      `invalid ${algorithm} digest "${clip(digest)}": expected ${length} lowercase hex characters`
    )
  }
  return { algorithm: algorithm as ParsedDigest['algorithm'], encoded }
}

/** True when the string is a digest this client can verify. */
export function isDigest(digest: string): boolean {
  try {
    parseDigest(digest)
    return true
  } catch {
    return false
  }
}

/** Creates a hash for the digest's algorithm (sha256 when none is given). */
export function createDigester(algorithm: ParsedDigest['algorithm'] = 'sha256'): Hash {
  return createHash(algorithm)
}

/** Digest of an in-memory buffer. */
export function digestBytes(
  data: Uint8Array,
  algorithm: ParsedDigest['algorithm'] = 'sha256'
): string {
  return `${algorithm}:${createHash(algorithm).update(data).digest('hex')}`
}

/**
 * Digest and size of a file, read in 1 MiB pieces into one reused buffer (never loaded whole, and no
 * fresh buffer per read for the garbage collector to chase: hashing is synchronous, so the buffer
 * is free again as soon as update() returns).
 */
export async function digestFile(
  path: string,
  algorithm: ParsedDigest['algorithm'] = 'sha256'
): Promise<{ digest: string; size: number }> {
  const hash = createHash(algorithm)
  const buf = Buffer.allocUnsafe(1 << 20)
  let size = 0
  const fh = await open(path, 'r')
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null)
      if (bytesRead === 0) break
      hash.update(buf.subarray(0, bytesRead))
      size += bytesRead
    }
  } finally {
    await fh.close()
  }
  return { digest: `${algorithm}:${hash.digest('hex')}`, size }
}

/**
 * VerifyingStream passes bytes through while hashing them, and fails the stream when more bytes than
 * `size` arrive, or when the stream ends short or with another digest. A consumer therefore never
 * sees a clean end of stream for content that is wrong.
 *
 * `resumeFrom` lets a resumed transfer continue an existing hash state (the bytes before the offset
 * were already hashed and written).
 */
export class VerifyingStream extends Transform {
  private readonly hash: Hash
  private received: number

  constructor(
    readonly expectedDigest: string,
    readonly expectedSize: number,
    resumeFrom?: { hash: Hash; offset: number },
    private readonly what = 'blob'
  ) {
    super()
    const { algorithm } = parseDigest(expectedDigest)
    this.hash = resumeFrom?.hash ?? createHash(algorithm)
    this.received = resumeFrom?.offset ?? 0
  }

  /** Bytes seen so far, including any resumed offset. */
  get bytesReceived(): number {
    return this.received
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.received += chunk.length
    if (this.received > this.expectedSize) {
      done(
        new DigestMismatchError(
          `${this.expectedSize} bytes`,
          `more than ${this.expectedSize} bytes`,
          `${this.what} ${this.expectedDigest}`
        )
      )
      return
    }
    this.hash.update(chunk)
    done(null, chunk)
  }

  override _flush(done: TransformCallback): void {
    if (this.received !== this.expectedSize) {
      done(
        new DigestMismatchError(
          `${this.expectedSize} bytes`,
          `${this.received} bytes`,
          `${this.what} ${this.expectedDigest}`
        )
      )
      return
    }
    const { algorithm } = parseDigest(this.expectedDigest)
    const actual = `${algorithm}:${this.hash.digest('hex')}`
    if (actual !== this.expectedDigest) {
      done(
        new DigestMismatchError(this.expectedDigest, actual, `${this.what} ${this.expectedDigest}`)
      )
      return
    }
    done()
  }
}

/** Verifies an in-memory buffer against a digest and size; throws DigestMismatchError otherwise. */
export function verifyBytes(
  data: Uint8Array,
  digest: string,
  size?: number,
  what = 'content'
): void {
  if (size !== undefined && data.length !== size) {
    throw new DigestMismatchError(`${size} bytes`, `${data.length} bytes`, `${what} ${digest}`)
  }
  const { algorithm } = parseDigest(digest)
  const actual = digestBytes(data, algorithm)
  if (actual !== digest) throw new DigestMismatchError(digest, actual, `${what} ${digest}`)
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s
}
