/**
 * Starts a real CNCF distribution registry (`docker-registry serve`, 2.8) on a free loopback port,
 * with no auth, htpasswd Basic auth, or token auth backed by the token server of token-server.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSigningKey } from './pki.js'
import { freePort, requireBinary, run, waitFor } from './process-utils.js'
import { startTokenServer, type TokenServer } from './token-server.js'

/** How the registry authenticates clients. */
export type RegistryAuth = 'none' | 'htpasswd' | 'token'

/** Options of startRegistry. */
export interface RegistryOptions {
  auth?: RegistryAuth
  /** Keep the temp dir (config, data, logs) after stop(), for debugging. */
  keepDir?: boolean
}

/** One line of the registry's access log. */
export interface AccessLogEntry {
  method: string
  /** Path and query as requested, e.g. `/v2/models/x/blobs/uploads/?mount=…`. */
  path: string
  status: number
  userAgent: string
}

/** A running registry. */
export interface RunningRegistry {
  auth: RegistryAuth
  /** `127.0.0.1:PORT`, usable as the registry part of a reference. */
  host: string
  /** `http://127.0.0.1:PORT`. */
  url: string
  /** The test user (htpasswd and token modes). */
  username?: string
  password?: string
  /** Refresh token the token server accepts (token mode; docker's identity token). */
  refreshToken?: string
  /** The token server (token mode): its realm and every request it saw. */
  tokenServer?: TokenServer
  /** The registry's own log (stderr). */
  logFile: string
  /** The access log (stdout, Apache combined format). */
  accessLogFile: string
  dataDir: string
  configFile: string
  /** Access-log entries so far, oldest first (waits until the log is quiet for a moment). */
  requests(): Promise<AccessLogEntry[]>
  /** Kills the registry (and the token server) and removes the temp dir unless `keepDir`. */
  stop(): Promise<void>
}

const INSTALL_HINT = 'sudo apt-get install -y docker-registry'
const USERNAME = 'tester'
const PASSWORD = 'test-password-1'
const REFRESH_TOKEN = 'test-refresh-token-1'
const SERVICE = 'oci-model-action-test-registry'
const ISSUER = 'oci-model-action-test-issuer'

/**
 * Starts a registry. The binary is `docker-registry` (Debian) or `registry`; when neither is
 * installed this throws with the install command (integration tests never skip). Each registry has
 * its own temp dir with config.yml, the storage root and the logs.
 */
export async function startRegistry(opts: RegistryOptions = {}): Promise<RunningRegistry> {
  const auth = opts.auth ?? 'none'
  const binary = requireBinary(INSTALL_HINT, 'docker-registry', 'registry')
  const dir = await mkdtemp(join(tmpdir(), 'oma-registry-'))
  const dataDir = join(dir, 'data')
  const logFile = join(dir, 'registry.log')
  const accessLogFile = join(dir, 'access.log')
  const configFile = join(dir, 'config.yml')
  let tokenServer: TokenServer | undefined
  let authYaml = ''
  if (auth === 'htpasswd') {
    const htpasswd = requireBinary('sudo apt-get install -y apache2-utils', 'htpasswd')
    const { stdout } = await run(htpasswd, ['-Bbn', USERNAME, PASSWORD])
    await writeFile(join(dir, 'htpasswd'), stdout)
    authYaml = `auth:\n  htpasswd:\n    realm: oci-model-action-test\n    path: ${join(dir, 'htpasswd')}\n`
  } else if (auth === 'token') {
    const key = await createSigningKey(dir)
    tokenServer = await startTokenServer({
      key,
      issuer: ISSUER,
      service: SERVICE,
      username: USERNAME,
      password: PASSWORD,
      refreshToken: REFRESH_TOKEN
    })
    authYaml =
      `auth:\n  token:\n    realm: ${tokenServer.realm}\n    service: ${SERVICE}\n` +
      `    issuer: ${ISSUER}\n    rootcertbundle: ${key.certFile}\n`
  }
  let child: ChildProcess | undefined
  let port = 0
  let lastError: unknown
  // A port found free can be taken before the registry binds it: try a few.
  for (let attempt = 0; attempt < 3 && !child; attempt++) {
    port = await freePort()
    await writeFile(configFile, configYaml(port, dataDir, authYaml))
    try {
      child = await spawnRegistry(binary, configFile, port, logFile, accessLogFile)
    } catch (e) {
      lastError = e
    }
  }
  if (!child) {
    await tokenServer?.stop()
    throw lastError instanceof Error ? lastError : new Error(String(lastError))
  }
  const proc = child
  const killOnExit = (): void => {
    proc.kill('SIGKILL')
  }
  process.once('exit', killOnExit)
  const host = `127.0.0.1:${port}`
  return {
    auth,
    host,
    url: `http://${host}`,
    ...(auth !== 'none' ? { username: USERNAME, password: PASSWORD } : {}),
    ...(auth === 'token' ? { refreshToken: REFRESH_TOKEN, tokenServer } : {}),
    logFile,
    accessLogFile,
    dataDir,
    configFile,
    requests: () => readAccessLog(accessLogFile),
    async stop() {
      process.removeListener('exit', killOnExit)
      await stopProcess(proc)
      await tokenServer?.stop()
      if (!opts.keepDir) await rm(dir, { recursive: true, force: true })
    }
  }
}

function configYaml(port: number, dataDir: string, authYaml: string): string {
  return [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: false',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${dataDir}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '  secret: oci-model-action-test-secret',
    authYaml
  ].join('\n')
}

async function spawnRegistry(
  binary: string,
  configFile: string,
  port: number,
  logFile: string,
  accessLogFile: string
): Promise<ChildProcess> {
  const errFd = openSync(logFile, 'a')
  const outFd = openSync(accessLogFile, 'a')
  const child = spawn(binary, ['serve', configFile], { stdio: ['ignore', outFd, errFd] })
  closeSync(errFd)
  closeSync(outFd)
  let exited = false
  child.on('exit', () => (exited = true))
  child.on('error', () => (exited = true))
  try {
    await waitFor(`the registry on port ${port}`, async () => {
      if (exited) throw new Error('exited')
      return (await httpStatus(`http://127.0.0.1:${port}/v2/`)) > 0
    })
  } catch {
    child.kill('SIGKILL')
    const log = await readFile(logFile, 'utf8').catch(() => '')
    throw new Error(
      `docker-registry did not start on port ${port}:\n${log.split('\n').slice(-10).join('\n')}`
    )
  }
  if (exited) throw new Error(`docker-registry exited at start; see ${logFile}`)
  return child
}

function httpStatus(url: string): Promise<number> {
  return new Promise(resolve => {
    const req = request(url, { method: 'GET', timeout: 1000 }, res => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', () => resolve(0))
    req.on('timeout', () => req.destroy())
    req.end()
  })
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

// 127.0.0.1 - - [25/Nov/2026:11:45:10 +0000] "PUT /v2/a/b/manifests/t1 HTTP/1.1" 400 166 "" "curl/7.88.1"
const ACCESS_LINE = /^\S+ \S+ \S+ \[[^\]]*\] "(\S+) (\S+) [^"]*" (\d{3}) \S+ "[^"]*" "([^"]*)"/

/** Parses the access log; waits until it stops growing, since lines are written after responses. */
async function readAccessLog(file: string): Promise<AccessLogEntry[]> {
  let text = await readFile(file, 'utf8')
  for (let i = 0; i < 20; i++) {
    await new Promise(r => setTimeout(r, 30))
    const again = await readFile(file, 'utf8')
    if (again === text) break
    text = again
  }
  return parseAccessLog(text)
}

/** Parses access-log text into entries (lines of other shapes are skipped). */
export function parseAccessLog(text: string): AccessLogEntry[] {
  const out: AccessLogEntry[] = []
  for (const line of text.split('\n')) {
    const m = ACCESS_LINE.exec(line)
    if (m) out.push({ method: m[1]!, path: m[2]!, status: Number(m[3]), userAgent: m[4]! })
  }
  return out
}
