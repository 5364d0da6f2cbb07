/**
 * Unpacking a folder layer (tar+gzip with `io.deis.oras.content.unpack`), the hostile-input way:
 * verify → gunzip → hash and count the tar → tar extraction into a staging folder, with every entry
 * checked before tar sees it. Nothing leaves the staging folder here; the caller moves it into place
 * only after both digests are verified.
 */
import { once } from 'node:events'
import { posix } from 'node:path'
import { Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import { Unpack, type ReadEntry } from 'tar'
import { createDigester, VerifyingStream } from '../digest.js'
import { DigestMismatchError, InvalidInputError, OciError, toError } from '../errors.js'
import type { ContentOpener, Descriptor } from '../target.js'
import { explainWriteError, pumpWithResume, type VerifiedWriteOptions } from '../verified-write.js'
import { isWithin, unsafePathReason } from './safe-path.js'

/** Limits against archive bombs; every limit is checked while streaming, before bytes land. */
export interface UnpackLimits {
  /** Most entries a folder layer may have (default 100,000). */
  maxEntries?: number
  /** Most uncompressed bytes per compressed byte (default 1000, about gzip's own maximum). */
  maxExpansionRatio?: number
  /** Absolute cap on the uncompressed tar, whatever its compressed size (default 1 TiB). */
  maxUnpackedBytes?: number
}

/** What an unpack wrote into the staging folder. */
export interface UnpackResult {
  tarDigest: string
  tarBytes: number
  entries: number
  /** Sum of the regular files' sizes. */
  fileBytes: number
}

const ALLOWED_TYPES = new Set([
  'File',
  'OldFile',
  'ContiguousFile',
  'Directory',
  'SymbolicLink',
  'Link'
])
/** Small archives get this much room whatever the ratio: tar's own padding compresses ~100×. */
const MIN_UNPACKED_ALLOWANCE = 1 << 20

/** Hashes and counts the uncompressed tar, failing once it grows past `limit`. */
class TarTap extends Transform {
  readonly hash = createDigester('sha256')
  bytes = 0
  constructor(private readonly limit: number) {
    super()
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length
    if (this.bytes > this.limit) {
      done(
        new InvalidInputError(
          `folder layer expands to more than ${this.limit} bytes; refusing it as a possible archive bomb`
        )
      )
      return
    }
    this.hash.update(chunk)
    done(null, chunk)
  }
}

/**
 * Streams the layer from `open` into `staging`, where its entries (all under `<prefix>/`) are
 * extracted. Rejects, with the offending entry named, on a digest mismatch, a refused entry or a
 * limit; the caller removes `staging` then.
 */
export async function unpackLayer(
  desc: Descriptor,
  open: ContentOpener,
  staging: string,
  prefix: string,
  opts: UnpackLimits & VerifiedWriteOptions = {}
): Promise<UnpackResult> {
  const maxEntries = opts.maxEntries ?? 100_000
  const limit = Math.min(
    opts.maxUnpackedBytes ?? 2 ** 40,
    Math.max(MIN_UNPACKED_ALLOWANCE, desc.size * (opts.maxExpansionRatio ?? 1000))
  )
  const result: UnpackResult = { tarDigest: '', tarBytes: 0, entries: 0, fileBytes: 0 }
  const symlinks = new Map<string, string>()
  let refused: Error | undefined
  const unpack = new Unpack({
    cwd: staging,
    strict: true,
    preservePaths: false,
    preserveOwner: false,
    noMtime: true,
    unlink: false,
    filter: (_path: string, entry: ReadEntry | unknown) => {
      if (refused) return false
      const reason = checkEntry(entry as ReadEntry, prefix, symlinks, ++result.entries, maxEntries)
      if (reason) {
        refused = new InvalidInputError(`folder layer ${desc.digest}: ${reason}`)
        return false
      }
      const e = entry as ReadEntry
      if (e.type === 'File' || e.type === 'OldFile' || e.type === 'ContiguousFile') {
        result.fileBytes += e.size ?? 0
      }
      // Only permission bits, owner always able to read and write (setuid/sticky are dropped).
      if (e.mode !== undefined) e.mode = (e.mode & 0o777) | (e.type === 'Directory' ? 0o700 : 0o600)
      return true
    }
  })
  const settled = new Promise<void>((resolve, reject) => {
    unpack.on('close', () => resolve())
    unpack.on('error', (e: unknown) => reject(toError(e)))
  })
  settled.catch(() => {})
  const verifier = new VerifyingStream(desc.digest, desc.size, undefined, `layer ${desc.digest}`)
  const tap = new TarTap(limit)
  const processing = pipeline(
    verifier,
    createGunzip(),
    tap,
    async (source: AsyncIterable<Buffer>) => {
      try {
        for await (const chunk of source) {
          if (refused) throw refused
          if (!unpack.write(chunk)) await Promise.race([once(unpack, 'drain'), settled])
        }
      } finally {
        // Ending lets tar close the file it may be writing, so no descriptor is left open.
        unpack.end()
      }
      await settled
      if (refused) throw refused
    }
  )
  try {
    await pumpWithResume(verifier, open, processing, { ...opts, what: `layer ${desc.digest}` })
    await processing
  } catch (e) {
    // Let tar finish closing its files before the caller removes the staging folder.
    await Promise.race([settled.catch(() => {}), new Promise(r => setTimeout(r, 2000).unref())])
    if (refused) throw refused
    if (e instanceof OciError) throw e
    const code = (e as NodeJS.ErrnoException | undefined)?.code
    if (code === 'ENOSPC' || code === 'EDQUOT') throw explainWriteError(e, `${prefix}/`)
    throw new OciError(
      `layer ${desc.digest} could not be unpacked (${toError(e).message}); the download may be corrupt`,
      { cause: e }
    )
  }
  const chain = symlinkThroughSymlink(symlinks)
  if (chain) throw new InvalidInputError(`folder layer ${desc.digest}: ${chain}`)
  result.tarDigest = `sha256:${tap.hash.digest('hex')}`
  result.tarBytes = tap.bytes
  return result
}

/** Checks the uncompressed tar against the layer's `io.deis.oras.content.digest`, when present. */
export function checkTarDigest(
  desc: Descriptor,
  expected: string | undefined,
  actual: string
): void {
  if (expected !== undefined && expected !== actual) {
    throw new DigestMismatchError(expected, actual, `uncompressed tar of layer ${desc.digest}`)
  }
}

/** Why a tar entry is refused, or undefined. `prefix` is the folder's title. */
function checkEntry(
  entry: ReadEntry,
  prefix: string,
  symlinks: Map<string, string>,
  count: number,
  maxEntries: number
): string | undefined {
  if (count > maxEntries) return `more than ${maxEntries} entries`
  const raw = String(entry.path)
  const shown = JSON.stringify(raw.slice(0, 200))
  if (!ALLOWED_TYPES.has(entry.type))
    return `entry ${shown} is a ${entry.type}, which is not allowed`
  const why = unsafePathReason(raw)
  if (why) return `entry ${shown} is refused: ${why}`
  const path = raw.replace(/\/$/, '')
  if (!isWithin(prefix, path)) return `entry ${shown} is outside the folder "${prefix}/"`
  if (path === prefix && entry.type !== 'Directory') return `entry ${shown} is not a folder`
  if (throughSymlink(path.split('/'), symlinks)) return `entry ${shown} is below a symlink`
  if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
    const target = String(entry.linkpath ?? '')
    const bad = target.startsWith('/') || /^[A-Za-z]:/.test(target) || /[\\\0]/.test(target)
    // Symlink targets are relative to the link's folder; hard link targets to the archive root.
    const resolved =
      entry.type === 'SymbolicLink'
        ? posix.normalize(posix.join(posix.dirname(path), target))
        : posix.normalize(target)
    if (
      bad ||
      !target ||
      !isWithin(prefix, resolved) ||
      (entry.type === 'Link' && resolved === prefix)
    ) {
      return `${entry.type === 'Link' ? 'hard link' : 'symlink'} ${shown} points outside the folder ("${target.slice(0, 200)}")`
    }
    if (entry.type === 'Link' && throughSymlink(resolved.split('/'), symlinks)) {
      return `hard link ${shown} points through a symlink`
    }
    if (entry.type === 'SymbolicLink') symlinks.set(path, target)
  }
  return undefined
}

function throughSymlink(parts: string[], symlinks: Map<string, string>): boolean {
  for (let i = 1; i < parts.length; i++) {
    if (symlinks.has(parts.slice(0, i).join('/'))) return true
  }
  return false
}

/**
 * A symlink whose target walks through another symlink (`x -> a/b/..` with `a/b -> ..`) can land
 * outside the folder although each target looks inside on its own; such chains are refused, checked
 * once every link of the archive is known (the order of entries does not matter).
 */
function symlinkThroughSymlink(symlinks: Map<string, string>): string | undefined {
  for (const [path, target] of symlinks) {
    const stack = posix.dirname(path).split('/')
    const parts = target.split('/').filter(p => p !== '' && p !== '.')
    for (let i = 0; i < parts.length; i++) {
      if (parts[i] === '..') stack.pop()
      else stack.push(parts[i] as string)
      if (i < parts.length - 1 && symlinks.has(stack.join('/'))) {
        return `symlink ${JSON.stringify(path)} points through another symlink ("${target}")`
      }
    }
  }
  return undefined
}
