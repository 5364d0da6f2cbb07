/**
 * DigestMemo: remembers, across runs, which digest a file had when it was last hashed, keyed by its
 * absolute path and checked against its identity (device, inode, size, mtime and ctime in
 * nanoseconds). A file whose identity is unchanged is not read again; any write, rename over it,
 * truncation, `touch` or chmod changes at least one of these (ctime cannot be set from user space),
 * and the file is hashed again. This is the trade-off git's index makes.
 *
 * Racy files: a file modified again within the same clock tick as the stat would keep its mtime, so
 * a file whose mtime is less than RACY_MS (RACY_COARSE_MS on filesystems with whole-second
 * timestamps) before the hash started is not remembered (as git treats "racily clean" entries). Files this client wrote itself (verified, then renamed into place) are.
 *
 * The memo is one JSON file, written atomically (temp + rename); a save merges with what another
 * run saved meanwhile, ours winning for the paths we touched. A lost update only costs a re-hash.
 */
import { randomBytes } from 'node:crypto'
import type { BigIntStats } from 'node:fs'
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { digestFile, isDigest } from '../digest.js'

/**
 * A file modified less than this before it was hashed is not remembered: well above the clock tick
 * of filesystems with nanosecond timestamps (ext4, XFS, btrfs: a few ms).
 */
export const RACY_MS = 100
/** The same for filesystems whose timestamps are whole seconds (FAT: 2 s; HFS+, ext3, some NFS: 1 s). */
export const RACY_COARSE_MS = 3000
/** At most this many entries are kept; the least recently used go first. */
export const DEFAULT_MAX_ENTRIES = 20000
const FORMAT = 1

/** [dev, ino, size, mtimeNs, ctimeNs, digest, lastUsedMs]: the numbers as decimal strings. */
type Entry = [string, string, string, string, string, string, number]

/** Options of a DigestMemo. */
export interface DigestMemoOptions {
  maxEntries?: number
  now?: () => number
}

/** How a digest was obtained by memoDigestFile(). */
export interface MemoDigest {
  digest: string
  size: number
  /** True when the memo answered and the file was not read. */
  remembered: boolean
}

/** The identity of a file as the memo compares it. */
function identity(st: BigIntStats): string[] {
  return [st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs].map(String)
}

/** A persistent (path, identity) → digest map. */
export class DigestMemo {
  private readonly entries = new Map<string, Entry>()
  /** Paths changed by this process (undefined: deleted), applied over the file on save. */
  private readonly changed = new Map<string, Entry | undefined>()
  private readonly now: () => number

  private constructor(
    /** The JSON file, or undefined for a memo that lives in memory only. */
    readonly file: string | undefined,
    private readonly opts: DigestMemoOptions
  ) {
    this.now = opts.now ?? Date.now
  }

  /** An empty memo that is never saved (for tests and `cache: false`-like uses). */
  static inMemory(opts: DigestMemoOptions = {}): DigestMemo {
    return new DigestMemo(undefined, opts)
  }

  /** Loads the memo from `file`; a missing or unreadable file is an empty memo (it is only a cache). */
  static async load(file: string, opts: DigestMemoOptions = {}): Promise<DigestMemo> {
    const memo = new DigestMemo(file, opts)
    for (const [path, entry] of await readEntries(file)) memo.entries.set(path, entry)
    return memo
  }

  /** Number of entries. */
  get size(): number {
    return this.entries.size
  }

  /** The remembered digest of `path` when its identity is still `st`, else undefined. */
  get(path: string, st: BigIntStats): string | undefined {
    const e = this.entries.get(path)
    if (!e) return undefined
    const id = identity(st)
    for (let i = 0; i < 5; i++) if (e[i] !== id[i]) return undefined
    e[6] = this.now()
    this.changed.set(path, e)
    return e[5]
  }

  /**
   * Remembers that `path`, with identity `st`, has `digest`. Unless `trusted` (the caller wrote the
   * file itself), a file modified less than RACY_MS before `hashStartedMs` is not remembered.
   */
  set(
    path: string,
    st: BigIntStats,
    digest: string,
    opts: { trusted?: boolean; hashStartedMs?: number } = {}
  ): void {
    const started = opts.hashStartedMs ?? this.now()
    const coarse = st.mtimeNs % 1_000_000_000n === 0n
    if (!opts.trusted && Number(st.mtimeMs) > started - (coarse ? RACY_COARSE_MS : RACY_MS)) {
      this.delete(path)
      return
    }
    const e = [...identity(st), digest, this.now()] as Entry
    this.entries.set(path, e)
    this.changed.set(path, e)
  }

  /** Forgets `path`. */
  delete(path: string): void {
    if (this.entries.delete(path) || !this.changed.has(path)) this.changed.set(path, undefined)
  }

  /**
   * Writes the memo: what is on disk now (another run may have saved since we loaded), with this
   * process's changes applied, trimmed to the most recently used entries. Never throws: a memo that
   * cannot be saved only costs a re-hash next time.
   */
  async save(): Promise<void> {
    if (!this.file || this.changed.size === 0) return
    const merged = await readEntries(this.file)
    for (const [path, e] of this.changed) {
      if (e) merged.set(path, e)
      else merged.delete(path)
    }
    const max = this.opts.maxEntries ?? DEFAULT_MAX_ENTRIES
    const kept = [...merged].sort((a, b) => b[1][6] - a[1][6]).slice(0, max)
    const temp = `${this.file}.${randomBytes(8).toString('hex')}.tmp`
    try {
      await writeFile(temp, JSON.stringify({ format: FORMAT, entries: Object.fromEntries(kept) }), {
        flag: 'wx'
      })
      await rename(temp, this.file)
      this.changed.clear()
    } catch {
      // Best effort, see above.
    } finally {
      await rm(temp, { force: true })
    }
  }
}

async function readEntries(file: string): Promise<Map<string, Entry>> {
  const out = new Map<string, Entry>()
  let doc: unknown
  try {
    doc = JSON.parse(await readFile(file, 'utf8'))
  } catch {
    return out
  }
  const entries = (doc as { format?: unknown; entries?: unknown })?.entries
  if ((doc as { format?: unknown }).format !== FORMAT || typeof entries !== 'object' || !entries) {
    return out
  }
  for (const [path, e] of Object.entries(entries)) {
    if (isEntry(e)) out.set(path, e)
  }
  return out
}

function isEntry(e: unknown): e is Entry {
  return (
    Array.isArray(e) &&
    e.length === 7 &&
    e.slice(0, 5).every(x => typeof x === 'string' && /^\d+$/.test(x)) &&
    typeof e[5] === 'string' &&
    isDigest(e[5]) &&
    typeof e[6] === 'number'
  )
}

/**
 * Digest and size of a file, from the memo when the file's identity is unchanged, else by hashing
 * it (and remembering the result when the file did not change while it was read).
 */
export async function memoDigestFile(path: string, memo: DigestMemo): Promise<MemoDigest> {
  const before = await stat(path, { bigint: true })
  const known = memo.get(path, before)
  if (known) return { digest: known, size: Number(before.size), remembered: true }
  const started = Date.now()
  const { digest, size } = await digestFile(path)
  const after = await stat(path, { bigint: true })
  if (identity(after).join() === identity(before).join() && BigInt(size) === after.size) {
    memo.set(path, after, digest, { hashStartedMs: started })
  } else {
    memo.delete(path)
  }
  return { digest, size, remembered: false }
}
