// Runs dist/index.js the way the GitHub runner does: inputs as INPUT_* variables, outputs and the job
// summary written to files. Shared by the local demo, the smoke tests and the benchmark.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Parses a GITHUB_OUTPUT file (name<<DELIM … DELIM blocks, or name=value lines). */
export function parseOutputFile(text) {
  const out = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (m) {
      const value = []
      for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i])
      out[m[1]] = value.join('\n')
    } else if (lines[i].includes('=')) {
      const eq = lines[i].indexOf('=')
      out[lines[i].slice(0, eq)] = lines[i].slice(eq + 1)
    }
  }
  return out
}

/**
 * Runs the bundled action with the given inputs. Returns exit code, stdout, stderr, outputs, summary.
 * `env` adds variables; `node` picks another Node binary (default: $ACTION_NODE, else this one), so
 * the suite can run the bundle on Node 24, the runtime GitHub uses. `onSpawn` receives the child
 * process (e.g. to kill it midway).
 */
export async function runAction(
  inputs,
  {
    env = {},
    cwd = process.cwd(),
    node = process.env.ACTION_NODE || process.execPath,
    entry = join(root, 'dist', 'index.js'),
    onSpawn
  } = {}
) {
  const work = mkdtempSync(join(tmpdir(), 'oci-model-run-'))
  const outputFile = join(work, 'output')
  const summaryFile = join(work, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const temp = join(work, 'runner-temp')
  mkdirSync(temp)
  const vars = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: temp,
    RUNNER_TOOL_CACHE: join(work, 'tool-cache'),
    ...env
  }
  for (const [name, value] of Object.entries(inputs))
    vars[`INPUT_${name.toUpperCase()}`] = String(value)
  const child = spawn(node, [entry], { cwd, env: vars, stdio: ['ignore', 'pipe', 'pipe'] })
  onSpawn?.(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => (stdout += d))
  child.stderr.on('data', d => (stderr += d))
  const code = await new Promise(res => child.on('close', res))
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    pid: child.pid
  }
}
