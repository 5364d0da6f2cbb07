/**
 * What to undo when the process is interrupted (SIGINT/SIGTERM) before a `finally` can run: temp
 * files, staging folders, a folder moved aside for its replacement. Every action is synchronous,
 * so that a signal handler can run them all and exit at once. Actions are safe to run at any time:
 * removing a temp file that was already renamed into place finds nothing.
 */
import { existsSync, renameSync, rmSync } from 'node:fs'

const actions = new Map<number, () => void>()
let next = 0

/** Registers an action for an interruption; the returned function unregisters it. */
export function onInterrupt(action: () => void): () => void {
  const id = next++
  actions.set(id, action)
  return () => {
    actions.delete(id)
  }
}

/** Registers the removal of a temp file or folder (recursive); returns its unregistration. */
export function removeOnInterrupt(path: string): () => void {
  return onInterrupt(() => rmSync(path, { recursive: true, force: true }))
}

/**
 * Registers "put `moved` back at `original` unless something took its place" for a folder moved
 * aside while its replacement is renamed in: an interruption between the two renames must leave
 * the old folder, not nothing.
 */
export function restoreOnInterrupt(moved: string, original: string): () => void {
  return onInterrupt(() => {
    if (!existsSync(moved)) return
    if (existsSync(original)) rmSync(moved, { recursive: true, force: true })
    else renameSync(moved, original)
  })
}

/**
 * Runs every registered action, newest first (each one's failure is ignored), and forgets them
 * unless `keep`; returns how many ran. Actions are idempotent, so running them twice is harmless:
 * a signal handler runs them, lets file operations already in flight land, and runs them again.
 */
export function runInterruptActions(keep = false): number {
  let n = 0
  for (const [id, action] of [...actions].reverse()) {
    if (!keep) actions.delete(id)
    try {
      action()
      n++
    } catch {
      // Best effort: the next action may still succeed.
    }
  }
  return n
}

/** Actions registered now (tests). */
export function pendingInterruptActions(): number {
  return actions.size
}
