/**
 * Docker credential helpers (docker-credential-helpers protocol): `docker-credential-<name> get`
 * reads the server URL on stdin and prints `{"ServerURL","Username","Secret"}`. A helper is an
 * executable the docker config names, so the name is untrusted: it must be a plain name, the
 * binary is looked up on PATH but never in the workspace (a checked-out repository must not be able
 * to plant one) nor through a relative PATH entry, and it runs with a time limit and a bounded
 * output.
 */
import { spawn } from 'node:child_process'
import { constants } from 'node:fs'
import { access, realpath, stat } from 'node:fs/promises'
import { delimiter, isAbsolute, join, resolve, sep } from 'node:path'
import type { Credential } from './credentials.js'
import { InvalidInputError, OciError } from './errors.js'

/** Names a helper may have (docker's own helpers: desktop, osxkeychain, ecr-login, gcloud, pass…). */
export const HELPER_NAME = /^[A-Za-z0-9_.-]+$/

/** Default time a helper may take (it may unlock a keychain or call a cloud API). */
export const DEFAULT_HELPER_TIMEOUT_MS = 30_000

const MAX_OUTPUT = 64 * 1024

/** Options of runCredentialHelper. */
export interface CredentialHelperOptions {
  env?: NodeJS.ProcessEnv
  timeoutMs?: number
  /** Folders a helper must not come from (default: GITHUB_WORKSPACE and the current folder). */
  untrusted?: string[]
}

/** The server URL docker passes to helpers: Docker Hub's legacy index URL, else the host. */
export function helperServerUrl(registryHost: string): string {
  return registryHost === 'docker.io' ? 'https://index.docker.io/v1/' : registryHost
}

function within(dir: string, path: string): boolean {
  const d = dir.endsWith(sep) ? dir : dir + sep
  return path === dir || path.startsWith(d)
}

/**
 * Finds `docker-credential-<name>` on PATH, skipping relative entries and every entry (or binary,
 * after following symlinks) inside an untrusted folder. Undefined when there is none.
 */
export async function findHelper(
  name: string,
  opts: CredentialHelperOptions = {}
): Promise<string | undefined> {
  if (!HELPER_NAME.test(name) || name === '.' || name === '..') {
    throw new InvalidInputError(
      `docker config names the credential helper "${name.slice(0, 60)}": a helper name is letters, digits, ., _ and - only`
    )
  }
  const env = opts.env ?? process.env
  const untrusted = await Promise.all(
    (opts.untrusted ?? [env.GITHUB_WORKSPACE, process.cwd()])
      .filter((d): d is string => Boolean(d))
      .map(d => realpath(resolve(d)).catch(() => resolve(d)))
  )
  for (const entry of (env.PATH ?? '').split(delimiter)) {
    if (!entry || !isAbsolute(entry)) continue
    const candidate = join(entry, `docker-credential-${name}`)
    const real = await realpath(candidate).catch(() => undefined)
    if (!real) continue
    if (untrusted.some(d => within(d, real) || within(d, resolve(entry)))) continue
    const info = await stat(real).catch(() => undefined)
    if (!info?.isFile()) continue
    if (
      await access(real, constants.X_OK).then(
        () => true,
        () => false
      )
    )
      return real
  }
  return undefined
}

/**
 * Asks the helper `name` for the credential of `registryHost`. Undefined when the helper has none
 * ("credentials not found"); an error when it is missing, fails, times out or prints nonsense.
 */
export async function runCredentialHelper(
  name: string,
  registryHost: string,
  opts: CredentialHelperOptions = {}
): Promise<Credential | undefined> {
  const bin = await findHelper(name, opts)
  if (!bin) {
    throw new InvalidInputError(
      `the docker config uses the credential helper "${name}", but docker-credential-${name} is not on PATH (outside the workspace)`
    )
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_HELPER_TIMEOUT_MS
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>(
    (done, fail) => {
      // Its own process group, so that a timeout kills whatever the helper started too.
      const child = spawn(bin, ['get'], {
        env: opts.env ?? process.env,
        stdio: ['pipe', 'pipe', 'ignore'],
        detached: true
      })
      const kill = (): void => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL')
        } catch {
          child.kill('SIGKILL')
        }
        child.stdout.destroy()
      }
      let out = ''
      let over = false
      const timer = setTimeout(() => {
        kill()
        fail(
          new OciError(
            `docker-credential-${name} did not answer within ${timeoutMs / 1000} s for ${registryHost}`
          )
        )
      }, timeoutMs)
      child.stdout.setEncoding('utf8')
      child.stdout.on('data', (c: string) => {
        out += c
        if (out.length > MAX_OUTPUT && !over) {
          over = true
          kill()
        }
      })
      child.on('error', e => {
        clearTimeout(timer)
        fail(new OciError(`docker-credential-${name} could not run: ${e.message}`))
      })
      child.on('close', c => {
        clearTimeout(timer)
        if (over) fail(new OciError(`docker-credential-${name} printed more than 64 KiB`))
        else done({ code: c, stdout: out })
      })
      child.stdin.on('error', () => {})
      child.stdin.end(helperServerUrl(registryHost))
    }
  )
  if (code !== 0) {
    // The protocol's "not found" is a message on stdout with a non-zero exit: anonymous.
    if (/credentials not found/i.test(stdout)) return undefined
    // Never echo the helper's output: it may hold a secret.
    throw new OciError(`docker-credential-${name} failed for ${registryHost} (exit code ${code})`)
  }
  let doc: { Username?: unknown; Secret?: unknown }
  try {
    doc = JSON.parse(stdout) as typeof doc
  } catch {
    throw new OciError(`docker-credential-${name} printed something that is not JSON`)
  }
  const username = typeof doc.Username === 'string' ? doc.Username : ''
  const secret = typeof doc.Secret === 'string' ? doc.Secret : ''
  if (!secret) return undefined
  // docker-credential-helpers: the username `<token>` marks an identity (refresh) token.
  if (username === '<token>') return { identityToken: secret }
  return { username, password: secret }
}
