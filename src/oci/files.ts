/**
 * Files → blobs, the push side: each file becomes a layer named by its title (the basename, as
 * oras writes it); each folder becomes one reproducible tar+gzip layer (see pack/pack-folder.ts).
 * Files are hashed as streams and never copied: the push reads them from where they are.
 */
import { lstat, stat } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { forEachLimit } from './concurrency.js'
import { digestFile } from './digest.js'
import { InvalidInputError } from './errors.js'
import { mediaTypeForFile } from './media-types.js'
import { ANNOTATION_TITLE, packFolder } from './pack/pack-folder.js'
import { memoDigestFile, type DigestMemo } from './store/memo.js'
import type { Descriptor } from './target.js'

export { FileSource, type InMemoryBlob } from './pack/file-source.js'
export {
  ANNOTATION_CONTENT_DIGEST,
  ANNOTATION_TITLE,
  ANNOTATION_UNPACK,
  folderTarDigest
} from './pack/pack-folder.js'

/** One file or folder to push, as the `files` input names it. */
export interface FileEntry {
  path: string
  mediaType?: string
}

/** A packed layer: its descriptor, and the file its bytes are read from when pushing. */
export interface PackedFile {
  descriptor: Descriptor
  /** The file itself, or for a folder the .tar.gz written to the temp folder. */
  sourcePath: string
  /** True when the digest came from the memo and the file was not read. */
  remembered?: boolean
}

/** Options of packFiles(). */
export interface PackOptions {
  /** Where packed folders are written; the caller removes it after the push. */
  tempDir: string
  /** Files hashed and folders packed in parallel (default 4). */
  concurrency?: number
  /** Digests of files hashed before; a file whose identity is unchanged is not read again. */
  memo?: DigestMemo
}

/**
 * Packs files and folders into layers, in the order given. Missing paths and two entries with the
 * same title (which a pull could not tell apart) are refused with the paths named.
 */
export async function packFiles(entries: FileEntry[], opts: PackOptions): Promise<PackedFile[]> {
  const titles = new Map<string, string>()
  for (const e of entries) {
    const title = titleOf(e.path)
    const other = titles.get(title)
    if (other !== undefined) {
      throw new InvalidInputError(
        `${other} and ${e.path} would both be named "${title}"; rename one of them (a pull could not tell them apart)`
      )
    }
    titles.set(title, e.path)
  }
  const out: PackedFile[] = new Array(entries.length)
  await forEachLimit(entries, opts.concurrency ?? 4, async (entry, i) => {
    out[i] = await packOne(entry, opts.tempDir, opts.memo)
  })
  return out
}

async function packOne(
  entry: FileEntry,
  tempDir: string,
  memo: DigestMemo | undefined
): Promise<PackedFile> {
  const path = resolve(entry.path)
  // stat (not lstat): a symlink given by name is the file it points to, as `cp` and oras treat it.
  const info = await stat(path).catch(async () => {
    const dangling = await lstat(path).catch(() => undefined)
    throw new InvalidInputError(
      dangling ? `${entry.path} is a symlink to nothing` : `${entry.path} does not exist`
    )
  })
  if (info.isDirectory()) return packFolder(path, tempDir, entry.mediaType)
  if (!info.isFile()) {
    throw new InvalidInputError(
      `${entry.path} is not a regular file or folder; it cannot be pushed`
    )
  }
  const { digest, size, remembered } = await hashFile(path, memo)
  const title = basename(path)
  return {
    remembered,
    descriptor: {
      mediaType: entry.mediaType ?? mediaTypeForFile(title),
      digest,
      size,
      annotations: { [ANNOTATION_TITLE]: title }
    },
    sourcePath: path
  }
}

/** Packs the config blob: a file with the given media type and no title (it is not a layer). */
export async function packConfig(
  path: string,
  mediaType: string,
  memo?: DigestMemo
): Promise<PackedFile> {
  const info = await stat(path).catch(() => undefined)
  if (!info?.isFile()) throw new InvalidInputError(`config ${path} is not a file`)
  const { digest, size, remembered } = await hashFile(resolve(path), memo)
  return { descriptor: { mediaType, digest, size }, sourcePath: resolve(path), remembered }
}

async function hashFile(
  path: string,
  memo: DigestMemo | undefined
): Promise<{ digest: string; size: number; remembered: boolean }> {
  if (memo) return memoDigestFile(path, memo)
  return { ...(await digestFile(path)), remembered: false }
}

function titleOf(path: string): string {
  const title = basename(resolve(path))
  if (!title) throw new InvalidInputError(`${path} has no name to use as a title`)
  return title
}
