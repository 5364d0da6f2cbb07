// Starts a CNCF distribution registry (`docker-registry serve`, 2.8) on a free loopback port, with the
// config shape of the integration harness (filesystem storage in a temp dir, access log on stdout).
// Every registry is killed when this process exits, whatever the reason.
import { spawn } from 'node:child_process'
import { accessSync, closeSync, constants, openSync, readFileSync, rmSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'

const running = new Set()
process.once('exit', () => {
  for (const r of running) r.kill()
})

/** The full path of the first of `names` found on PATH (or in the sbin/bin dirs), else undefined. */
export function findBinary(...names) {
  const dirs = [
    ...(process.env.PATH ?? '').split(delimiter).filter(Boolean),
    '/usr/sbin',
    '/usr/bin',
    '/usr/local/bin'
  ]
  for (const name of names) {
    for (const dir of dirs) {
      try {
        accessSync(join(dir, name), constants.X_OK)
        return join(dir, name)
      } catch {
        // not here
      }
    }
  }
  return undefined
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

/** Polls `check` every 50 ms until it returns true; throws after `timeoutMs`. */
export async function waitFor(what, check, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check().catch(() => false)) return
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise(r => setTimeout(r, 50))
  }
}

function httpStatus(url) {
  return new Promise(resolve => {
    const req = request(url, { timeout: 1000 }, res => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', () => resolve(0))
    req.on('timeout', () => req.destroy())
    req.end()
  })
}

/**
 * Starts a registry in a new temp dir. Returns { host, url, dir, accessLogFile, requests(), stop() };
 * `requests()` counts access-log lines by method since the last call (for request counting).
 */
export async function startRegistry({ parent = tmpdir() } = {}) {
  const binary = findBinary('docker-registry', 'registry')
  if (!binary)
    throw new Error(
      'docker-registry not found: install it with "sudo apt-get install -y docker-registry"'
    )
  const dir = await mkdtemp(join(parent, 'oma-bench-registry-'))
  const accessLogFile = join(dir, 'access.log')
  const logFile = join(dir, 'registry.log')
  const configFile = join(dir, 'config.yml')
  let lastError
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort()
    await writeFile(
      configFile,
      [
        'version: 0.1',
        'log:',
        '  level: warn',
        '  accesslog:',
        '    disabled: false',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${join(dir, 'data')}`,
        '  delete:',
        '    enabled: true',
        '  maintenance:',
        '    uploadpurging:',
        '      enabled: false',
        'http:',
        `  addr: 127.0.0.1:${port}`,
        '  secret: oci-model-action-bench-secret',
        ''
      ].join('\n')
    )
    const out = openSync(accessLogFile, 'a')
    const err = openSync(logFile, 'a')
    const child = spawn(binary, ['serve', configFile], { stdio: ['ignore', out, err] })
    closeSync(out)
    closeSync(err)
    let exited = false
    child.on('exit', () => (exited = true))
    child.on('error', () => (exited = true))
    const entry = { kill: () => child.kill('SIGKILL') }
    running.add(entry)
    try {
      await waitFor(`the registry on port ${port}`, async () => {
        if (exited) throw new Error('exited')
        return (await httpStatus(`http://127.0.0.1:${port}/v2/`)) > 0
      })
    } catch (e) {
      child.kill('SIGKILL')
      running.delete(entry)
      lastError = new Error(`docker-registry did not start on port ${port}: ${readTail(logFile)}`, {
        cause: e
      })
      continue
    }
    let seen = 0
    const host = `127.0.0.1:${port}`
    return {
      host,
      url: `http://${host}`,
      dir,
      accessLogFile,
      /** CPU seconds (user + system) the registry process has used so far (Linux /proc; else 0). */
      cpuSeconds() {
        try {
          const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ')
          // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
          return (Number(fields[11]) + Number(fields[12])) / 100
        } catch {
          return 0
        }
      },
      /** Requests by method (and status class) since the previous call. */
      requests() {
        const lines = readFileSync(accessLogFile, 'utf8').split('\n').filter(Boolean)
        const fresh = lines.slice(seen)
        seen = lines.length
        const counts = {}
        for (const line of fresh) {
          const m = /"(\S+) \S+ [^"]*" (\d{3})/.exec(line)
          if (m) counts[`${m[1]} ${m[2]}`] = (counts[`${m[1]} ${m[2]}`] ?? 0) + 1
        }
        return counts
      },
      async stop() {
        running.delete(entry)
        if (child.exitCode === null && child.signalCode === null) {
          const gone = new Promise(r => child.once('exit', r))
          child.kill('SIGTERM')
          const t = setTimeout(() => child.kill('SIGKILL'), 5000)
          await gone
          clearTimeout(t)
        }
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }
  rmSync(dir, { recursive: true, force: true })
  throw lastError
}

function readTail(file) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-10).join('\n')
  } catch {
    return '(no log)'
  }
}
