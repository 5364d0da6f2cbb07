/**
 * Verified writes, the way npm cacache writes content (lib/content/write.js): bytes go to a temp
 * file that cannot already exist, are hashed and counted on the way, and only content that matched
 * its digest and size is renamed into place; the temp file is removed in `finally` whatever happens.
 *
 * A source that fails midway is re-opened at the byte count already accepted and the same hash goes
 * on, a bounded number of times (resume.ts). Files are written by fillFile (positional, batched,
 * hashed in order, optionally from parallel ranges); a stream consumer (unpack) uses pumpWithResume.
 */
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { open as openFile, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Readable } from 'node:stream'
import type { VerifyingStream } from './digest.js'
import { removeOnInterrupt } from './cleanup.js'
import { NoSpaceError, toError } from './errors.js'
import { fillFile, type PositionalFile } from './fill-file.js'
import type { Logger } from './logger.js'
import { withResume } from './resume.js'
import type { ContentOpener, Descriptor, PushOptions } from './target.js'

export { DEFAULT_MAX_RESUMES } from './resume.js'

/** Options of the verified writers. */
export interface VerifiedWriteOptions {
  /** Re-opens in a row, without a byte of progress, of a failing source before giving up (default 3). */
  maxResumes?: number
  logger?: Logger
}

/**
 * A temp name beside `finalPath` that no other writer can pick (random, and opened with `wx`). It is
 * registered for removal on SIGINT/SIGTERM (cleanup.ts); callers that know when it is gone call
 * `releaseTemp`.
 */
export function tempPathFor(finalPath: string): string {
  const temp = join(
    dirname(finalPath),
    `.${basename(finalPath).slice(0, 40)}.${randomBytes(8).toString('hex')}.tmp`
  )
  temps.set(temp, removeOnInterrupt(temp))
  return temp
}

const temps = new Map<string, () => void>()

/** Forgets a temp name of tempPathFor (renamed or removed: nothing to do on an interruption). */
export function releaseTemp(temp: string): void {
  temps.get(temp)?.()
  temps.delete(temp)
}

/**
 * Rewrites a file-system error of a write into one that says what to do: ENOSPC and EDQUOT become
 * NoSpaceError naming the file and its size. Other errors are returned as they are.
 */
export function explainWriteError(e: unknown, path: string, bytes?: number): Error {
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new NoSpaceError(
      `no space left on device writing ${path}${bytes !== undefined ? ` (${bytes} bytes)` : ''}: free disk space, or pull fewer files with \`include\`; nothing was left half-written`,
      { cause: e }
    )
  }
  return toError(e)
}

/**
 * Pumps the content of `open` into `verifier`, resuming from `verifier.bytesReceived` when the
 * source fails midway. `downstream` is the promise of whatever consumes the verifier: when it fails
 * (digest mismatch, disk error, a refused tar entry), pumping stops and that error wins. Resolves
 * once the verifier has been ended; the caller then awaits `downstream` for the verdict.
 */
export async function pumpWithResume(
  verifier: VerifyingStream,
  open: ContentOpener,
  downstream: Promise<unknown>,
  opts: VerifiedWriteOptions & { what: string }
): Promise<void> {
  let downstreamError: Error | undefined
  const failed = downstream.then(
    () => new Promise<never>(() => {}),
    (e: unknown) => {
      downstreamError = toError(e)
      throw downstreamError
    }
  )
  failed.catch(() => {})
  try {
    await withResume(
      async () => {
        let source: Readable | undefined
        try {
          source = await Promise.race([open(verifier.bytesReceived), failed])
          for await (const chunk of source as AsyncIterable<Buffer>) {
            if (downstreamError) throw downstreamError
            if (!verifier.write(chunk)) await Promise.race([once(verifier, 'drain'), failed])
          }
          verifier.end()
        } catch (e) {
          source?.destroy()
          throw e
        }
      },
      {
        ...opts,
        position: () => verifier.bytesReceived,
        // Only a failing source is worth resuming: a verification or write failure is final.
        fatal: () => downstreamError
      }
    )
  } catch (e) {
    verifier.destroy(toError(e))
    throw e
  }
}

/** Opens a temp file for writing (tests inject failures); default: a new file (`wx`). */
export type TempOpener = (
  path: string,
  mode: number
) => Promise<PositionalFile & { close(): Promise<void> }>

/**
 * Writes `open`'s content into a new file `temp` (opened `wx`) at its positions, verified as a
 * whole (fillFile); parallel ranges when `parallel` is given and the blob is large enough. The file
 * is closed whatever happens; the caller renames it on success and removes it in any case.
 */
export async function writeTempFile(
  temp: string,
  desc: Descriptor,
  open: ContentOpener,
  opts: VerifiedWriteOptions & { what: string; mode?: number; openWrite?: TempOpener } & PushOptions
): Promise<void> {
  const mode = opts.mode ?? 0o644
  // `wx+`: a new file, also readable, because ranges that land early are read back to be hashed.
  const fh = opts.openWrite ? await opts.openWrite(temp, mode) : await openFile(temp, 'wx+', mode)
  try {
    await fillFile(fh, desc, open, opts)
  } finally {
    await fh.close()
  }
}

/**
 * Writes `open`'s content into a temp file beside `finalPath`, verifying size and digest, then
 * renames it to `finalPath`. When the rename fails but `finalPath` already holds content of the
 * right size (another writer won the race), that is success: both wrote the same verified content
 * address.
 */
export async function writeVerifiedFile(
  finalPath: string,
  desc: Descriptor,
  open: ContentOpener,
  opts: VerifiedWriteOptions &
    PushOptions & {
      what?: string
      mode?: number
      /** Opens the temp file for writing (tests inject failures); default a new file (`wx`). */
      openWrite?: TempOpener
    } = {}
): Promise<void> {
  const temp = tempPathFor(finalPath)
  const what = opts.what ?? `blob ${desc.digest}`
  try {
    await writeTempFile(temp, desc, open, { ...opts, what })
    try {
      await rename(temp, finalPath)
    } catch (e) {
      const existing = await stat(finalPath).catch(() => undefined)
      if (!existing?.isFile() || existing.size !== desc.size) throw e
    }
  } catch (e) {
    throw explainWriteError(e, finalPath, desc.size)
  } finally {
    await rm(temp, { force: true })
    releaseTemp(temp)
  }
}
