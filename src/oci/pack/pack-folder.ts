/**
 * A folder as one tar+gzip layer, written as oras writes it (title = the folder's name, annotations
 * `io.deis.oras.content.digest` = sha256 of the uncompressed tar and `io.deis.oras.content.unpack`),
 * in one streaming pass: the tar is hashed, compressed with a fixed gzip header, hashed again and
 * written to a temp file, never read back.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { lstat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Transform, Writable, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { constants, createGzip } from 'node:zlib'
import { FOLDER_MEDIA_TYPE } from '../media-types.js'
import type { Descriptor } from '../target.js'
import { listFolder, tarStream } from './folder-tar.js'

export const ANNOTATION_TITLE = 'org.opencontainers.image.title'
export const ANNOTATION_CONTENT_DIGEST = 'io.deis.oras.content.digest'
export const ANNOTATION_UNPACK = 'io.deis.oras.content.unpack'

/** Compression level of packed folders; fixed, since the level changes the bytes. */
const GZIP_LEVEL = 6

/**
 * The 10-byte gzip header every packed folder starts with (RFC 1952): deflate, no flags, mtime 0,
 * no extra flags, OS "unknown" (255, as Go's compress/gzip writes), so the header does not depend
 * on the machine or the zlib build.
 */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff])

/** Hashes and counts the bytes that pass through. */
class Tap extends Transform {
  readonly hash = createHash('sha256')
  bytes = 0
  override _transform(chunk: Buffer, _e: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk)
    this.bytes += chunk.length
    done(null, chunk)
  }
  digest(): string {
    return `sha256:${this.hash.digest('hex')}`
  }
}

/** Overwrites the first 10 bytes (the gzip header) with GZIP_HEADER, however chunks are split. */
class FixGzipHeader extends Transform {
  private seen = 0
  override _transform(chunk: Buffer, _e: BufferEncoding, done: TransformCallback): void {
    if (this.seen < GZIP_HEADER.length) {
      chunk = Buffer.from(chunk)
      const n = Math.min(GZIP_HEADER.length - this.seen, chunk.length)
      GZIP_HEADER.copy(chunk, 0, this.seen, this.seen + n)
      this.seen += n
    }
    done(null, chunk)
  }
}

/** A packed folder: its layer descriptor and the .tar.gz written to the temp folder. */
export interface PackedFolder {
  descriptor: Descriptor
  sourcePath: string
  /** Digest and size of the uncompressed tar. */
  tar: { digest: string; size: number }
}

/** Packs the folder at `path` into `tempDir` as a reproducible tar+gzip layer. */
export async function packFolder(
  path: string,
  tempDir: string,
  mediaType = FOLDER_MEDIA_TYPE
): Promise<PackedFolder> {
  const name = basename(path)
  const paths = await listFolder(dirname(path), name)
  const sourcePath = join(tempDir, `${name}.${randomBytes(6).toString('hex')}.tar.gz`)
  const tarTap = new Tap()
  const gzTap = new Tap()
  await pipeline(
    tarStream(dirname(path), paths),
    tarTap,
    createGzip({ level: GZIP_LEVEL, memLevel: 8, strategy: constants.Z_DEFAULT_STRATEGY }),
    new FixGzipHeader(),
    gzTap,
    createWriteStream(sourcePath, { flags: 'wx' })
  )
  const tar = { digest: tarTap.digest(), size: tarTap.bytes }
  return {
    descriptor: {
      mediaType,
      digest: gzTap.digest(),
      size: gzTap.bytes,
      annotations: {
        [ANNOTATION_TITLE]: name,
        [ANNOTATION_CONTENT_DIGEST]: tar.digest,
        [ANNOTATION_UNPACK]: 'true'
      }
    },
    sourcePath,
    tar
  }
}

/**
 * The digest of the tar that packing `relDir` (relative to `cwd`) would produce, and the bytes of
 * its regular files, computed without writing anything: a pull uses it to tell that an unpacked
 * folder is already up to date.
 */
export async function folderTarDigest(
  cwd: string,
  relDir: string
): Promise<{ digest: string; fileBytes: number }> {
  const tap = new Tap()
  const paths = await listFolder(cwd, relDir)
  let fileBytes = 0
  for (const p of paths) {
    const info = await lstat(join(cwd, p))
    if (info.isFile()) fileBytes += info.size
  }
  const sink = new Writable({ write: (_c, _e, done) => done() })
  await pipeline(tarStream(cwd, paths), tap, sink)
  return { digest: tap.digest(), fileBytes }
}
