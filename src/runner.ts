/**
 * The runner protocol the action speaks: inputs from `INPUT_*`, outputs and the job summary through
 * the files the runner names, and workflow commands on stdout (`::debug::`, `::group::`, …), as
 * documented in "Workflow commands for GitHub Actions".
 *
 * Why not @actions/core: it loads @actions/http-client and a second copy of undici for OIDC tokens
 * this action never asks for, ~50 ms and ~15 MiB before the first line runs, on every step (the
 * "again" rows of the bench are mostly start-up). These dozen functions are all the action uses.
 */
import { randomUUID } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'

/** Escapes the message of a workflow command (the runner unescapes %25, %0D, %0A). */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function command(name: string, message: string): void {
  process.stdout.write(`::${name}::${escapeData(message)}${EOL}`)
}

/** The value of an input, trimmed; '' when unset (as @actions/core's getInput). */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

/** Sets a step output: appended to `$GITHUB_OUTPUT` with a random heredoc delimiter. */
export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT
  if (!file) {
    process.stdout.write(`${EOL}::set-output name=${name}::${escapeData(value)}${EOL}`)
    return
  }
  const delimiter = `ghadelimiter_${randomUUID()}`
  // A value (or name) containing the delimiter could end the heredoc early and set other outputs.
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`output ${name} contains the delimiter ${delimiter}`)
  }
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8')
}

/** Asks the runner to mask a secret in every later log line. */
export function setSecret(secret: string): void {
  command('add-mask', secret)
}

export function debug(message: string): void {
  command('debug', message)
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

export function warning(message: string): void {
  command('warning', message)
}

/** Fails the step: an error annotation, and exit code 1 once the process ends. */
export function setFailed(message: string): void {
  process.exitCode = 1
  command('error', message)
}

/** Runs `fn` inside a collapsible log group. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  command('group', name)
  try {
    return await fn()
  } finally {
    command('endgroup', '')
  }
}

/** Appends Markdown to the job summary (`$GITHUB_STEP_SUMMARY`), when the runner gives one. */
export function appendSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (file) appendFileSync(file, markdown, 'utf8')
}
