/**
 * SIGINT/SIGTERM: the runner sends SIGINT when a job is cancelled, then SIGTERM 7.5 s later. The
 * action stops at once: it runs the registered clean-ups (temp files, staging folders; see
 * oci/cleanup.ts), fails the step with a message, and exits. Every file in `output` and the cache
 * was placed by a rename of verified content, so what is there is whole.
 */
import * as core from '@actions/core'
import { runInterruptActions } from './oci/cleanup.js'

const SETTLE_MS = 300

/** Installs the handlers; returns a function that removes them. */
export function handleInterrupts(
  exit: (code: number) => void = code => process.exit(code)
): () => void {
  let stopping = false
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) return
    stopping = true
    const n = runInterruptActions(true)
    core.setFailed(
      `Cancelled by ${signal}: stopped, and removed ${n} temporary file(s) and folder(s); nothing was left half-written`
    )
    // A file being created on the thread pool right now would appear after the first sweep: let
    // such operations land, sweep again, then exit (well within the runner's 7.5 s grace).
    setTimeout(() => {
      runInterruptActions()
      exit(1)
    }, SETTLE_MS).unref()
  }
  process.once('SIGINT', handler)
  process.once('SIGTERM', handler)
  return () => {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
  }
}
