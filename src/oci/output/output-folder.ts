/**
 * OutputFolder: the pull side, a Pusher that writes an artifact's files into a folder, so that
 * copy(registry → OutputFolder) is a pull. A titled layer becomes `output/<title>`; a folder layer
 * (`io.deis.oras.content.unpack`) is unpacked. Nothing appears under its final name before its
 * digest (and the uncompressed tar's digest) is verified, and a failure leaves no temp or staging
 * file behind. Layers without a title, configs and manifests are not written.
 */
import { randomBytes } from 'node:crypto'
import { constants as fsConstants } from 'node:fs'
import { copyFile, lstat, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { digestFile } from '../digest.js'
import { DigestMismatchError, InvalidInputError, OciError } from '../errors.js'
import { silentLogger, type Logger } from '../logger.js'
import {
  ANNOTATION_CONTENT_DIGEST,
  ANNOTATION_TITLE,
  ANNOTATION_UNPACK,
  folderTarDigest
} from '../pack/pack-folder.js'
import { memoDigestFile, type DigestMemo } from '../store/memo.js'
import type { ContentOpener, Descriptor, PushOptions, PushOutcome, Pusher } from '../target.js'
import { removeOnInterrupt, restoreOnInterrupt } from '../cleanup.js'
import {
  explainWriteError,
  releaseTemp,
  tempPathFor,
  writeVerifiedFile,
  type VerifiedWriteOptions
} from '../verified-write.js'
import { isWithin, safeTitle } from './safe-path.js'
import { unpackLayer, checkTarDigest, type UnpackLimits } from './unpack.js'

/** Options of an OutputFolder. */
export interface OutputFolderOptions extends UnpackLimits, VerifiedWriteOptions {
  logger?: Logger
  /**
   * Remembers the digests of files in the folder across runs (see store/memo.ts): a file this
   * client wrote, or hashed before, is found up to date by stat() alone while it is unchanged.
   */
  memo?: DigestMemo
  /**
   * A local file holding a blob's bytes (the blob cache), or undefined. Such a file is placed by
   * copyFile with COPYFILE_FICLONE (a reflink on copy-on-write filesystems, else a kernel copy) and
   * verified before it is renamed into place; never by hard link, so the user may modify the result.
   */
  localBlob?: (desc: Descriptor) => string | undefined
}

/** One file or folder the pull put in place. */
export interface WrittenEntry {
  /** The output folder joined with the title, as the user would name it. */
  path: string
  /** The layer's title (relative to the output folder). */
  title: string
  kind: 'file' | 'directory'
  /** Bytes of the file, or of the folder's regular files. */
  size: number
  /** True when the file was already there, verified, and not written again. */
  unchanged: boolean
}

/** A Pusher that writes pulled layers as files into a folder. */
export class OutputFolder implements Pusher {
  readonly name: string
  /** The output folder, resolved to an absolute path. */
  readonly root: string
  private readonly logger: Logger
  private readonly entries = new Map<string, WrittenEntry>()
  /** Titles claimed by this pull (digest per title), so two layers never write the same place. */
  private readonly claims = new Map<string, string>()
  /** Titles found up to date by exists() (title → digest), so a second call does not re-check. */
  private readonly upToDate = new Map<string, string>()

  constructor(
    private readonly shownRoot: string,
    private readonly opts: OutputFolderOptions = {}
  ) {
    this.root = resolve(shownRoot)
    this.name = shownRoot
    this.logger = opts.logger ?? silentLogger
  }

  /** What this pull put in place (or found up to date), sorted by title. */
  written(): WrittenEntry[] {
    return [...this.entries.values()].sort((a, b) => (a.title < b.title ? -1 : 1))
  }

  /** The paths of written(), for the action's `files` output. */
  writtenPaths(): string[] {
    return this.written().map(e => e.path)
  }

  /**
   * True when the layer needs no writing: it is not a file (no title: configs, manifests), or the
   * file is present with the same size and digest, or the unpacked folder re-packs to the same tar
   * digest. A title that is unsafe is refused here already.
   */
  async exists(desc: Descriptor): Promise<boolean> {
    const title = desc.annotations?.[ANNOTATION_TITLE]
    if (title === undefined) return true
    const rel = this.claim(title, desc)
    if (this.upToDate.get(rel) === desc.digest) return true
    // Nothing is read through a symlinked folder either: it could vouch for a file elsewhere.
    if (!(await this.walkParents(rel, false))) return false
    const path = join(this.root, rel)
    const info = await lstat(path).catch(() => undefined)
    if (!info) return false
    if (isUnpack(desc)) {
      const expected = desc.annotations?.[ANNOTATION_CONTENT_DIGEST]
      if (!info.isDirectory() || expected === undefined) return false
      const actual = await folderTarDigest(this.root, rel).catch(() => undefined)
      if (actual?.digest !== expected) return false
      this.record(rel, desc, 'directory', actual.fileBytes, true)
      this.upToDate.set(rel, desc.digest)
      return true
    }
    if (!info.isFile() || info.size !== desc.size) return false
    const { memo } = this.opts
    const { digest } = memo ? await memoDigestFile(path, memo) : await digestFile(path)
    if (digest !== desc.digest) return false
    this.record(rel, desc, 'file', desc.size, true)
    this.upToDate.set(rel, desc.digest)
    return true
  }

  /**
   * Writes a titled layer into the folder (see the class comment), or answers 'existed' without
   * reading the content when exists() holds; other blobs are ignored.
   */
  async push(
    desc: Descriptor,
    open: ContentOpener,
    pushOpts: PushOptions = {}
  ): Promise<PushOutcome> {
    if (await this.exists(desc)) return 'existed'
    const rel = this.claim(desc.annotations?.[ANNOTATION_TITLE] as string, desc)
    const parent = (await this.walkParents(rel, true)) as string
    const finalPath = join(this.root, rel)
    const existing = await lstat(finalPath).catch(() => undefined)
    if (existing?.isSymbolicLink()) {
      throw new InvalidInputError(`${this.show(rel)} is a symlink; refusing to write through it`)
    }
    if (isUnpack(desc)) {
      await this.unpack(desc, open, rel, parent)
      return 'uploaded'
    }
    if (existing?.isDirectory()) {
      throw new InvalidInputError(
        `${this.show(rel)} is a folder; refusing to replace it with a file`
      )
    }
    const local = this.opts.localBlob?.(desc)
    if (!(local && (await this.placeLocal(local, finalPath, desc, rel)))) {
      await writeVerifiedFile(finalPath, desc, open, {
        maxResumes: this.opts.maxResumes,
        logger: this.logger,
        what: `file ${rel} (${desc.digest})`,
        ...pushOpts
      })
    }
    if (this.opts.memo) {
      const st = await stat(finalPath, { bigint: true })
      this.opts.memo.set(finalPath, st, desc.digest, { trusted: true })
    }
    this.record(rel, desc, 'file', desc.size, false)
    return 'uploaded'
  }

  /**
   * Places a local copy of the blob: copyFile (reflink when the filesystem can) to a temp name,
   * verified by digest, then renamed. False when the local file is gone (the caller streams the
   * blob instead); a local file with other content is a DigestMismatchError, and nothing is placed.
   */
  private async placeLocal(
    local: string,
    finalPath: string,
    desc: Descriptor,
    rel: string
  ): Promise<boolean> {
    const temp = tempPathFor(finalPath)
    try {
      try {
        await copyFile(local, temp, fsConstants.COPYFILE_EXCL | fsConstants.COPYFILE_FICLONE)
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
        throw explainWriteError(e, finalPath, desc.size)
      }
      const actual = await digestFile(temp)
      if (actual.digest !== desc.digest || actual.size !== desc.size) {
        throw new DigestMismatchError(desc.digest, actual.digest, `cached blob for ${rel}`)
      }
      await rename(temp, finalPath)
      return true
    } finally {
      await rm(temp, { force: true })
      releaseTemp(temp)
    }
  }

  private async unpack(
    desc: Descriptor,
    open: ContentOpener,
    rel: string,
    parent: string
  ): Promise<void> {
    const staging = await mkdtemp(join(this.root, '.oci-unpack-'))
    const forgetStaging = removeOnInterrupt(staging)
    try {
      const result = await unpackLayer(desc, open, staging, rel, {
        ...this.opts,
        logger: this.logger
      })
      checkTarDigest(desc, desc.annotations?.[ANNOTATION_CONTENT_DIGEST], result.tarDigest)
      const unpacked = join(staging, rel)
      if (!(await lstat(unpacked).catch(() => undefined))?.isDirectory()) {
        await mkdir(unpacked, { recursive: true })
      }
      // Both digests are verified: only now does the folder replace what was there.
      const finalPath = join(this.root, rel)
      const old = join(parent, `.${rel.split('/').pop()}.${randomBytes(6).toString('hex')}.old`)
      // An interruption between the two renames puts the old folder back.
      const forgetOld = restoreOnInterrupt(old, finalPath)
      try {
        const moved = await rename(finalPath, old).then(
          () => true,
          (e: NodeJS.ErrnoException) => {
            if (e.code === 'ENOENT') return false
            throw e
          }
        )
        await rename(unpacked, finalPath)
        if (moved) await rm(old, { recursive: true, force: true })
      } finally {
        forgetOld()
      }
      this.record(rel, desc, 'directory', result.fileBytes, false)
    } finally {
      await rm(staging, { recursive: true, force: true })
      forgetStaging()
    }
  }

  /** Validates the title and makes sure no other layer of this pull writes the same place. */
  private claim(title: string, desc: Descriptor): string {
    const rel = safeTitle(title)
    for (const [other, digest] of this.claims) {
      if (digest === desc.digest && other === rel) return rel
      if (isWithin(other, rel) || isWithin(rel, other)) {
        throw new InvalidInputError(
          `layers ${digest} ("${other}") and ${desc.digest} ("${rel}") would write the same place in ${this.name}`
        )
      }
    }
    this.claims.set(rel, desc.digest)
    return rel
  }

  /**
   * Walks the folders above `rel`, refusing any existing component that is a symlink or a file.
   * With `create`, missing folders are made; without, a missing one returns undefined.
   */
  private async walkParents(rel: string, create: boolean): Promise<string | undefined> {
    if (create) await mkdir(this.root, { recursive: true })
    let dir = this.root
    const parts = rel.split('/').slice(0, -1)
    for (const part of parts) {
      dir = join(dir, part)
      const info = await lstat(dir).catch(() => undefined)
      if (info?.isSymbolicLink()) {
        throw new InvalidInputError(`${dir} is a symlink; refusing to write through it`)
      }
      if (info && !info.isDirectory()) throw new OciError(`${dir} is a file, not a folder`)
      if (!info && !create) return undefined
      if (!info)
        await mkdir(dir).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== 'EEXIST') throw e
        })
    }
    return dir
  }

  private record(
    rel: string,
    desc: Descriptor,
    kind: WrittenEntry['kind'],
    size: number,
    unchanged: boolean
  ): void {
    this.entries.set(rel, { path: this.show(rel), title: rel, kind, size, unchanged })
    this.logger.debug(`${unchanged ? 'up to date' : 'wrote'} ${this.show(rel)} (${desc.digest})`)
  }

  private show(rel: string): string {
    return join(this.shownRoot, rel)
  }
}

function isUnpack(desc: Descriptor): boolean {
  return desc.annotations?.[ANNOTATION_UNPACK] === 'true'
}
