/**
 * The one resume loop of downloads: a source that fails midway is re-opened where the bytes already
 * accepted end, a bounded number of times in a row without progress. Requests themselves are retried
 * by the registry client's policy (registry/retry.ts); this loop covers what no single request can,
 * a body cut off after its headers. Used by the stream pump of verified-write.ts and by each range
 * of a parallel download (fill-file.ts).
 */
import { CancelledError, DigestMismatchError, toError } from './errors.js'
import { silentLogger, type Logger } from './logger.js'

/** Default number of times a failed source is re-opened to resume a transfer. */
export const DEFAULT_MAX_RESUMES = 3

/** Options of withResume. */
export interface ResumeOptions {
  /** Re-opens in a row, without a byte of progress, before giving up (default 3). */
  maxResumes?: number
  logger?: Logger
  /** Names the transfer in log lines. */
  what: string
  /** Bytes accepted so far: where the next attempt starts, and how progress is seen. */
  position: () => number
  /** An error that no resume can cure (a write that failed, a verdict); thrown at once when set. */
  fatal?: () => Error | undefined
}

/**
 * Runs `attempt` until it succeeds. A failure is final when `fatal()` says so, when it is a digest
 * mismatch or a cancellation, or after `maxResumes` attempts in a row that moved nothing; else it is
 * logged and `attempt` runs again (it re-opens its source at `position()`).
 */
export async function withResume(attempt: () => Promise<void>, opts: ResumeOptions): Promise<void> {
  const maxResumes = opts.maxResumes ?? DEFAULT_MAX_RESUMES
  const logger = opts.logger ?? silentLogger
  let last = -1
  for (let n = 0; ; n++) {
    // The limit counts resumes in a row that got nothing: a long download on a flaky network may
    // resume many times as long as each attempt moves it forward.
    const at = opts.position()
    if (at > last && last >= 0) n = 0
    last = at
    try {
      return await attempt()
    } catch (e) {
      const fatal = opts.fatal?.()
      if (fatal) throw fatal
      const err = toError(e)
      if (err instanceof DigestMismatchError || err instanceof CancelledError || n >= maxResumes) {
        throw err
      }
      logger.info(
        `${opts.what}: source failed at byte ${opts.position()} (${err.message}); resuming (${n + 1}/${maxResumes})`
      )
    }
  }
}
