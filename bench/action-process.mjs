// Runs dist/index.js as one whole process, the way the runner does (INPUT_* variables, output and
// summary files, RUNNER_TEMP/RUNNER_TOOL_CACHE; the same environment scripts/run-action.mjs builds),
// and measures its wall time and peak RSS. Peak RSS comes from GNU time (`/usr/bin/time -f %M`) when
// installed, else from polling /proc/<pid>/status VmHWM (a lower bound: the last poll before exit).
import { performance } from 'node:perf_hooks'
import { spawn } from 'node:child_process'
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseOutputFile } from '../scripts/run-action.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const ENTRY = join(root, 'dist', 'index.js')
const GNU_TIME = '/usr/bin/time'

/** True when GNU time is installed (Debian package `time`). */
export function haveGnuTime() {
  try {
    accessSync(GNU_TIME, constants.X_OK)
    return true
  } catch {
    return false
  }
}

const children = new Set()
/** Kills every action process still running (used by the benchmark's cleanup). */
export function killActions() {
  for (const c of children) c.kill('SIGKILL')
}

/**
 * Runs the action with `inputs`. Returns { code, seconds, rssKiB, cpuUser, cpuSys, stdout, stderr,
 * outputs }. `env` overrides variables (e.g. a persistent RUNNER_TOOL_CACHE); `nodeArgs` go before
 * the entry (e.g. --cpu-prof); the process is killed after `timeoutMs`.
 */
export async function runActionProcess(
  inputs,
  { work, node = process.execPath, nodeArgs = [], env = {}, cwd = work, timeoutMs = 15 * 60_000 }
) {
  const dir = mkdtempSync(join(work, 'run-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  const timeFile = join(dir, 'time')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  mkdirSync(join(dir, 'runner-temp'))
  const vars = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: join(dir, 'runner-temp'),
    RUNNER_TOOL_CACHE: join(dir, 'tool-cache'),
    ...env
  }
  for (const [name, value] of Object.entries(inputs))
    vars[`INPUT_${name.toUpperCase()}`] = String(value)
  const gnu = haveGnuTime()
  const [cmd, args] = gnu
    ? [GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, node, ...nodeArgs, ENTRY]]
    : [node, [...nodeArgs, ENTRY]]
  const t0 = performance.now()
  const child = spawn(cmd, args, { cwd, env: vars, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => (stdout += d))
  child.stderr.on('data', d => (stderr += d))
  let hwm = 0
  const poll = gnu
    ? undefined
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
          if (m) hwm = Math.max(hwm, Number(m[1]))
        } catch {
          // exited
        }
      }, 20)
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const code = await new Promise(r => child.on('close', (c, sig) => r(c ?? sig)))
  const seconds = (performance.now() - t0) / 1000
  clearTimeout(timer)
  if (poll) clearInterval(poll)
  children.delete(child)
  let rssKiB = hwm || undefined
  let cpuUser
  let cpuSys
  if (gnu) {
    // GNU time writes "Command exited with non-zero status N" first when the command failed.
    const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? ''
    const [m, u, s] = last.split(' ').map(Number)
    rssKiB = m
    cpuUser = u
    cpuSys = s
  }
  return {
    code,
    seconds,
    rssKiB,
    cpuUser,
    cpuSys,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8'))
  }
}
