/**
 * Logging for the action: the oci Logger bound to the runner's workflow commands (runner.ts), with text from artifacts made
 * harmless (a line starting with `::` would be read by the runner as a workflow command).
 */
import * as core from '@actions/core'
import type { Logger } from './oci/index.js'

/**
 * Neutralises workflow commands in text that may come from an artifact or a registry. The runner
 * reads its output line by line with .NET's ReadLine, where `\r` alone also ends a line, so a
 * command could start after any `\r` or `\n` (after optional blanks).
 */
export function escapeCommands(text: string): string {
  return text.replace(/(^|[\r\n])([^\S\r\n]*)::/g, '$1$2:\u200b:')
}

/** The Logger that src/oci writes to. */
export const actionLogger: Logger = {
  debug: m => core.debug(escapeCommands(m)),
  info: m => core.info(escapeCommands(m)),
  warning: m => core.warning(escapeCommands(m))
}
