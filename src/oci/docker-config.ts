/**
 * Credentials from a docker config file (`$DOCKER_CONFIG/config.json` or `~/.docker/config.json`), as
 * `docker login` and docker/login-action write them: `auths.<host>.auth` (base64 user:password),
 * `identitytoken`, `registrytoken`, and the names of credential helpers (`credsStore`,
 * `credHelpers`; credential-helper.ts runs them). Docker Hub is stored under its legacy index URL.
 */
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Credential } from './credentials.js'
import { InvalidInputError } from './errors.js'

const DOCKER_HUB_KEYS = [
  'https://index.docker.io/v1/',
  'index.docker.io',
  'docker.io',
  'registry-1.docker.io'
]

interface AuthEntry {
  auth?: string
  username?: string
  password?: string
  identitytoken?: string
  registrytoken?: string
}

/** The parts of a docker config that hold credentials. */
export interface DockerConfig {
  auths: Record<string, AuthEntry>
  /** `credsStore`: the helper for every registry without its own. */
  credsStore?: string
  /** `credHelpers`: a helper per registry host. */
  credHelpers?: Record<string, string>
  path: string
}

/** Where docker looks for its config: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json')
}

/** Reads a docker config; a missing file is no config, a malformed one is an error naming the file. */
export async function readDockerConfig(path: string): Promise<DockerConfig | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new InvalidInputError(`cannot read docker config ${path}: ${(e as Error).message}`)
  }
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw new InvalidInputError(`docker config ${path} is not valid JSON: fix or remove it`)
  }
  const { auths, credsStore, credHelpers } = (doc ?? {}) as {
    auths?: unknown
    credsStore?: unknown
    credHelpers?: unknown
  }
  const helpers: Record<string, string> = {}
  if (typeof credHelpers === 'object' && credHelpers !== null) {
    for (const [k, v] of Object.entries(credHelpers)) if (typeof v === 'string' && v) helpers[k] = v
  }
  return {
    auths: typeof auths === 'object' && auths !== null ? (auths as Record<string, AuthEntry>) : {},
    ...(typeof credsStore === 'string' && credsStore ? { credsStore } : {}),
    ...(Object.keys(helpers).length ? { credHelpers: helpers } : {}),
    path
  }
}

/**
 * The credential helper docker would ask for `registryHost`: its `credHelpers` entry, else the
 * `credsStore`, else none (the `auths` entries are used).
 */
export function credentialHelperFor(
  config: DockerConfig,
  registryHost: string
): string | undefined {
  const candidates = registryHost === 'docker.io' ? DOCKER_HUB_KEYS : [registryHost]
  for (const [key, helper] of Object.entries(config.credHelpers ?? {})) {
    if (candidates.includes(normaliseKey(key)) || candidates.includes(key)) return helper
  }
  return config.credsStore
}

/** Finds the credential for a registry host (keys may be bare hosts or URLs, as docker accepts). */
export function credentialFromDockerConfig(
  config: DockerConfig,
  registryHost: string
): Credential | undefined {
  const candidates = registryHost === 'docker.io' ? DOCKER_HUB_KEYS : [registryHost]
  for (const [key, entry] of Object.entries(config.auths)) {
    if (!candidates.includes(normaliseKey(key)) && !candidates.includes(key)) continue
    const cred = toCredential(entry, config.path, key)
    if (cred) return cred
  }
  return undefined
}

function normaliseKey(key: string): string {
  const host = key.replace(/^https?:\/\//, '').replace(/\/.*$/, '')
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host
}

function toCredential(entry: AuthEntry, path: string, key: string): Credential | undefined {
  if (!entry || typeof entry !== 'object') return undefined
  if (entry.registrytoken) return { registryToken: entry.registrytoken }
  let username = entry.username
  let password = entry.password
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) {
      throw new InvalidInputError(
        `docker config ${path}: the auth entry for ${key} is not base64 of "user:password"`
      )
    }
    username = decoded.slice(0, colon)
    password = decoded.slice(colon + 1)
  }
  if (entry.identitytoken) return { username, identityToken: entry.identitytoken }
  if (username !== undefined && password !== undefined && (username || password))
    return { username, password }
  return undefined
}
