/**
 * Verified writes, the way npm cacache writes content (lib/content/write.js): bytes go to a temp
 * file that cannot already exist, are hashed and counted on the way, and only content that matched
 * its digest and size is renamed into place; the temp file is removed in `finally` whatever happens.
 *
 * A source that fails midway is re-opened at the byte count already accepted and the same hash goes
 * on (the verifier is never torn down between attempts), a bounded number of times.
 */
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { VerifyingStream } from './digest.js'
import { removeOnInterrupt } from './cleanup.js'
import { CancelledError, DigestMismatchError, NoSpaceError, toError } from './errors.js'
import { silentLogger, type Logger } from './logger.js'
import type { ContentOpener, Descriptor } from './target.js'

/** Default number of times a failed source is re-opened to resume a transfer. */
export const DEFAULT_MAX_RESUMES = 3

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
  const maxResumes = opts.maxResumes ?? DEFAULT_MAX_RESUMES
  const logger = opts.logger ?? silentLogger
  let downstreamError: Error | undefined
  const failed = downstream.then(
    () => new Promise<never>(() => {}),
    (e: unknown) => {
      downstreamError = toError(e)
      throw downstreamError
    }
  )
  failed.catch(() => {})
  let lastOffset = -1
  for (let attempt = 0; ; attempt++) {
    const offset = verifier.bytesReceived
    // The limit counts resumes in a row that got nothing: a long download on a flaky network may
    // resume many times as long as each attempt moves it forward.
    if (offset > lastOffset && lastOffset >= 0) attempt = 0
    lastOffset = offset
    let source: Readable | undefined
    try {
      source = await Promise.race([open(offset), failed])
      for await (const chunk of source as AsyncIterable<Buffer>) {
        if (downstreamError) throw downstreamError
        if (!verifier.write(chunk)) await Promise.race([once(verifier, 'drain'), failed])
      }
      verifier.end()
      return
    } catch (e) {
      source?.destroy()
      // Only a failing source is worth resuming: a verification or write failure is final.
      if (downstreamError) throw downstreamError
      const err = toError(e)
      if (
        err instanceof DigestMismatchError ||
        err instanceof CancelledError ||
        attempt >= maxResumes
      ) {
        verifier.destroy(err)
        throw err
      }
      logger.info(
        `${opts.what}: source failed at byte ${verifier.bytesReceived} (${err.message}); resuming (${attempt + 1}/${maxResumes})`
      )
    }
  }
}

/**
 * Streams `open` into a temp file beside `finalPath`, verifying size and digest, then renames it
 * to `finalPath`. When the rename fails but `finalPath` already holds content of the right size
 * (another writer won the race), that is success: both wrote the same verified content address.
 */
export async function writeVerifiedFile(
  finalPath: string,
  desc: Descriptor,
  open: ContentOpener,
  opts: VerifiedWriteOptions & {
    what?: string
    mode?: number
    /** Opens the temp file for writing (tests inject failures); default createWriteStream `wx`. */
    openWrite?: (path: string, mode: number) => Writable
  } = {}
): Promise<void> {
  const temp = tempPathFor(finalPath)
  const what = opts.what ?? `blob ${desc.digest}`
  try {
    const verifier = new VerifyingStream(desc.digest, desc.size, undefined, what)
    const mode = opts.mode ?? 0o644
    const out = opts.openWrite
      ? opts.openWrite(temp, mode)
      : createWriteStream(temp, { flags: 'wx', mode })
    const writing = pipeline(verifier, out)
    await pumpWithResume(verifier, open, writing, { ...opts, what })
    await writing
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
