/** Small helpers of the integration harness: finding binaries, free ports, waiting for a server. */
import { execFile } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { createServer } from 'node:net'
import { delimiter, join } from 'node:path'
import { promisify } from 'node:util'

/** execFile as a promise. */
export const run = promisify(execFile)

/** The full path of the first of `names` found on PATH, or undefined. */
export function findBinary(...names: string[]): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean)
  for (const name of names) {
    for (const dir of [...dirs, '/usr/sbin', '/usr/bin', '/usr/local/bin']) {
      const p = join(dir, name)
      try {
        accessSync(p, constants.X_OK)
        return p
      } catch {
        // not here
      }
    }
  }
  return undefined
}

/** Like findBinary, but throws an Error with an install hint when none is found. */
export function requireBinary(hint: string, ...names: string[]): string {
  const found = findBinary(...names)
  if (!found) throw new Error(`${names[0]} not found: install it with "${hint}"`)
  return found
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))
      )
    })
  })
}

/** Polls `check` every 50 ms until it returns true, or throws after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 15_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check().catch(() => false)) return
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise(r => setTimeout(r, 50))
  }
}
