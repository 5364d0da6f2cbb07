/**
 * BlobStore: the local content-addressed blob cache, an OCI image layout (so it is a Target like
 * any other, and `oci-layout:` can read it) with what a cache shared by concurrent runs needs:
 *
 * - Writes as cacache does: into `tmp/` (same filesystem), hashed and counted on the way, then
 *   hard-linked to `blobs/<alg>/<hex>`: the first writer wins, a second finds it there and is done.
 *   A killed run leaves at most a stale temp file, never a wrong blob (stale temps are swept).
 * - Reuse is checked: check() trusts a blob only when its identity (inode, size, mtime, ctime) is
 *   the one recorded when it was verified, else re-hashes it; a corrupt or truncated blob is evicted.
 * - Least-recently-used eviction over a size limit: each use touches `access/<alg>/<hex>` (not the
 *   blob, whose ctime must stay as verified); blobs used within `graceMs` are never evicted, so a
 *   concurrent run does not lose what it is about to read.
 * - `memo.json`: the DigestMemo of files this client hashed (pushed files, pulled output files).
 */
import { randomBytes } from 'node:crypto'
import { constants as fsConstants, createReadStream } from 'node:fs'
import {
  copyFile,
  link,
  mkdir,
  readdir,
  rename,
  rm,
  stat,
  utimes,
  writeFile,
  open as openFile
} from 'node:fs/promises'
import { join } from 'node:path'
import { digestFile, parseDigest } from '../digest.js'
import { silentLogger, type Logger } from '../logger.js'
import { LayoutTarget } from '../layout/index.js'
import { emptyIndex, writeIndex } from '../layout/index-json.js'
import type { ContentOpener, Descriptor, PushOptions, PushOutcome } from '../target.js'
import { removeOnInterrupt } from '../cleanup.js'
import { explainWriteError, writeTempFile } from '../verified-write.js'
import { DigestMemo } from './memo.js'

/** Blobs used more recently than this are never evicted (another run may be reading them). */
export const DEFAULT_GRACE_MS = 10 * 60 * 1000
/** Temp files older than this belong to a run that died; they are removed by prune(). */
export const STALE_TEMP_MS = 60 * 60 * 1000

/** Options of BlobStore.openStore(). */
export interface BlobStoreOptions {
  logger?: Logger
  maxResumes?: number
  now?: () => number
}

/** What prune() did. */
export interface PruneResult {
  /** Bytes of blobs in the store after pruning. */
  totalBytes: number
  evictedBlobs: number
  evictedBytes: number
}

/** The local blob cache (see the module comment). */
export class BlobStore extends LayoutTarget {
  private readonly log: Logger
  private readonly now: () => number

  private constructor(
    path: string,
    readonly memo: DigestMemo,
    private readonly storeOpts: BlobStoreOptions
  ) {
    super({ path, logger: storeOpts.logger, maxResumes: storeOpts.maxResumes })
    this.log = storeOpts.logger ?? silentLogger
    this.now = storeOpts.now ?? Date.now
  }

  /**
   * Opens (creating when needed) the store at `path`. Safe against concurrent opens: every file of
   * the layout is created atomically, and one that exists is left alone.
   */
  static async openStore(path: string, opts: BlobStoreOptions = {}): Promise<BlobStore> {
    for (const dir of ['blobs/sha256', 'tmp', 'access/sha256']) {
      await mkdir(join(path, dir), { recursive: true })
    }
    await createOnce(
      join(path, 'oci-layout'),
      JSON.stringify({ imageLayoutVersion: '1.0.0' }),
      join(path, 'tmp')
    )
    const index = await stat(join(path, 'index.json')).catch(() => undefined)
    if (!index) await writeIndex(path, emptyIndex())
    const memo = await DigestMemo.load(join(path, 'memo.json'), { now: opts.now })
    return new BlobStore(path, memo, opts)
  }

  /** Stores a blob unless present: verified into `tmp/`, then linked into place (first writer wins). */
  override async push(
    desc: Descriptor,
    open: ContentOpener,
    pushOpts: PushOptions = {}
  ): Promise<PushOutcome> {
    const file = this.blobPath(desc.digest)
    if (await this.exists(desc)) {
      await this.touch(desc.digest)
      return 'existed'
    }
    const temp = join(
      this.path,
      'tmp',
      `${parseDigest(desc.digest).encoded}.${randomBytes(8).toString('hex')}`
    )
    // A SIGINT/SIGTERM before the finally below removes the temp too (cleanup.ts).
    const forgetTemp = removeOnInterrupt(temp)
    try {
      await writeTempFile(temp, desc, open, {
        maxResumes: this.storeOpts.maxResumes,
        logger: this.log,
        what: `blob ${desc.digest}`,
        ...pushOpts
      })
      await mkdir(join(file, '..'), { recursive: true })
      const won = await link(temp, file).then(
        () => true,
        async (e: NodeJS.ErrnoException) => {
          if (e.code === 'EEXIST') return false
          // A filesystem without hard links: rename, which replaces with identical verified bytes.
          await rename(temp, file)
          return true
        }
      )
      // Unlink the temp name before recording: a link count change moves the inode's ctime.
      await rm(temp, { force: true })
      if (won) {
        this.memo.set(file, await stat(file, { bigint: true }), desc.digest, { trusted: true })
      }
    } catch (e) {
      throw explainWriteError(e, file, desc.size)
    } finally {
      await rm(temp, { force: true })
      forgetTemp()
    }
    await this.touch(desc.digest)
    return 'uploaded'
  }

  /**
   * True when the blob is present and verified: its identity is the one recorded when it was last
   * verified, or it hashes to its digest now. A blob that does not (corrupt, truncated, replaced)
   * is evicted and false is returned, so the caller fetches it again.
   */
  async check(desc: Descriptor): Promise<boolean> {
    const file = this.blobPath(desc.digest)
    const st = await stat(file, { bigint: true }).catch(() => undefined)
    if (!st) return false
    if (!st.isFile() || st.size !== BigInt(desc.size)) {
      await this.evict(desc.digest, `it has ${st.size} bytes, not ${desc.size}`)
      return false
    }
    if (this.memo.get(file, st) !== desc.digest) {
      const actual = await digestFile(file).catch(() => undefined)
      if (actual?.digest !== desc.digest) {
        await this.evict(desc.digest, 'its content does not match its digest')
        return false
      }
      this.memo.set(file, st, desc.digest, { trusted: true })
    }
    await this.touch(desc.digest)
    return true
  }

  /** Removes a blob (and its access record and memo entry). */
  async evict(digest: string, reason?: string): Promise<void> {
    const file = this.blobPath(digest)
    if (reason) this.log.warning(`blob cache: evicting ${digest}: ${reason}; fetching it again`)
    await rm(file, { force: true })
    await rm(this.accessPath(digest), { force: true })
    this.memo.delete(file)
  }

  /** Records a use of the blob, for least-recently-used eviction. */
  async touch(digest: string): Promise<void> {
    const marker = this.accessPath(digest)
    const t = new Date(this.now())
    await utimes(marker, t, t).catch(async () => {
      await writeFile(marker, '').catch(() => undefined)
      await utimes(marker, t, t).catch(() => undefined)
    })
  }

  /**
   * Evicts least-recently-used blobs until the store holds at most `maxBytes`, sparing blobs used in
   * the last `graceMs` and those in `keep`; removes temp files left by runs that died.
   */
  async prune(
    maxBytes: number,
    opts: { graceMs?: number; keep?: ReadonlySet<string> } = {}
  ): Promise<PruneResult> {
    const now = this.now()
    await this.sweepTemp(now)
    const grace = opts.graceMs ?? DEFAULT_GRACE_MS
    const blobs: { digest: string; size: number; used: number }[] = []
    for (const algorithm of await readdir(join(this.path, 'blobs')).catch(() => [] as string[])) {
      for (const encoded of await readdir(join(this.path, 'blobs', algorithm)).catch(
        () => [] as string[]
      )) {
        const digest = `${algorithm}:${encoded}`
        const st = await stat(join(this.path, 'blobs', algorithm, encoded)).catch(() => undefined)
        if (!st?.isFile()) continue
        const marker = await stat(this.accessPath(digest)).catch(() => undefined)
        blobs.push({ digest, size: st.size, used: Math.max(st.mtimeMs, marker?.mtimeMs ?? 0) })
      }
    }
    let total = blobs.reduce((n, b) => n + b.size, 0)
    const result: PruneResult = { totalBytes: total, evictedBlobs: 0, evictedBytes: 0 }
    if (total <= maxBytes) return result
    blobs.sort((a, b) => a.used - b.used)
    for (const b of blobs) {
      if (total <= maxBytes) break
      if (opts.keep?.has(b.digest) || now - b.used < grace) continue
      await this.evict(b.digest)
      total -= b.size
      result.evictedBlobs++
      result.evictedBytes += b.size
    }
    result.totalBytes = total
    return result
  }

  /**
   * Takes in a blob file from elsewhere (a restored cache archive): verified by digest, then
   * hard-linked into place (copied when on another filesystem). The file is consumed (removed).
   * False when it does not verify.
   */
  async adopt(file: string, desc: Descriptor): Promise<boolean> {
    const actual = await digestFile(file).catch(() => undefined)
    if (actual?.digest !== desc.digest || actual.size !== desc.size) return false
    const target = this.blobPath(desc.digest)
    if (await this.exists(desc)) return true
    const linked = await link(file, target).then(
      () => true,
      (e: NodeJS.ErrnoException) => e.code === 'EEXIST'
    )
    if (!linked) await this.push(desc, async offset => createReadStream(file, { start: offset }))
    else {
      // Unlink the other name first: it changes the inode's ctime, which the memo records.
      await rm(file, { force: true })
      this.memo.set(target, await stat(target, { bigint: true }), desc.digest, { trusted: true })
      await this.touch(desc.digest)
    }
    return true
  }

  /**
   * Runs `fn` while the blobs are linked (or copied, across filesystems) into `dir` as
   * `blobs/<alg>/<hex>`, then removes `dir`. Linking changes a blob's ctime: the memo entries of
   * blobs that were verified before are renewed afterwards, so the next run does not re-hash them.
   */
  async withExport<T>(dir: string, descs: readonly Descriptor[], fn: () => Promise<T>): Promise<T> {
    const verified: string[] = []
    try {
      for (const d of descs) {
        const file = this.blobPath(d.digest)
        const st = await stat(file, { bigint: true }).catch(() => undefined)
        if (!st) continue
        if (this.memo.get(file, st) === d.digest) verified.push(d.digest)
        const { algorithm, encoded } = parseDigest(d.digest)
        const dest = join(dir, 'blobs', algorithm, encoded)
        await mkdir(join(dir, 'blobs', algorithm), { recursive: true })
        await link(file, dest).catch(async (e: NodeJS.ErrnoException) => {
          if (e.code === 'EEXIST') return
          await copyFile(file, dest, fsConstants.COPYFILE_FICLONE)
        })
      }
      return await fn()
    } finally {
      await rm(dir, { recursive: true, force: true })
      for (const digest of verified) {
        const file = this.blobPath(digest)
        const st = await stat(file, { bigint: true }).catch(() => undefined)
        if (st) this.memo.set(file, st, digest, { trusted: true })
      }
    }
  }

  /** Saves the memo (best effort). */
  async close(): Promise<void> {
    await this.memo.save()
  }

  private accessPath(digest: string): string {
    const { algorithm, encoded } = parseDigest(digest)
    return join(this.path, 'access', algorithm, encoded)
  }

  private async sweepTemp(now: number): Promise<void> {
    const dir = join(this.path, 'tmp')
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const st = await stat(join(dir, name)).catch(() => undefined)
      if (st && now - st.mtimeMs > STALE_TEMP_MS) await rm(join(dir, name), { force: true })
    }
  }
}

/** Creates `file` with `content` unless it exists, atomically (a reader never sees half of it). */
async function createOnce(file: string, content: string, tempDir: string): Promise<void> {
  if (await stat(file).catch(() => undefined)) return
  const temp = join(tempDir, `init.${randomBytes(8).toString('hex')}`)
  try {
    const handle = await openFile(temp, 'wx', 0o644)
    try {
      await handle.writeFile(content)
    } finally {
      await handle.close()
    }
    await link(temp, file).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e
    })
  } finally {
    await rm(temp, { force: true })
  }
}
