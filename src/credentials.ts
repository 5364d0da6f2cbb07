/**
 * The credential chain: explicit `username`/`password` for the reference's registry, then the docker
 * config (its credential helper for the host, if it names one, then its `auths`), then
 * `github-token` for ghcr.io, then anonymous. Every secret is masked before use.
 */
import {
  type Credential,
  type CredentialProvider,
  credentialFromDockerConfig,
  credentialHelperFor,
  dockerConfigPath,
  readDockerConfig,
  runCredentialHelper
} from './oci/index.js'

/** What the chain is built from. */
export interface CredentialSources {
  /** The registry host the explicit username/password belong to. */
  explicitHost?: string
  username?: string
  password?: string
  githubToken?: string
  env?: NodeJS.ProcessEnv
  /** Masks a secret in the log (core.setSecret). */
  mask: (secret: string) => void
  /** Says, once per host, where a credential came from (never the secret). */
  log?: (message: string) => void
  /** Time limit of a docker credential helper (default 30 s). */
  helperTimeoutMs?: number
}

const GHCR = 'ghcr.io'

/** Builds the CredentialProvider the registry client asks when a registry challenges. */
export function credentialChain(src: CredentialSources): CredentialProvider {
  if (src.password) {
    src.mask(src.password)
    if (src.username) src.mask(Buffer.from(`${src.username}:${src.password}`).toString('base64'))
  }
  if (src.githubToken) src.mask(src.githubToken)
  const told = new Set<string>()
  const tell = (host: string, from: string): void => {
    if (told.has(host)) return
    told.add(host)
    src.log?.(`Credentials for ${host}: ${from}`)
  }
  let configPromise: ReturnType<typeof readDockerConfig> | undefined
  return async (host: string): Promise<Credential | undefined> => {
    if (src.username && src.password && (!src.explicitHost || src.explicitHost === host)) {
      tell(host, 'username/password inputs')
      return { username: src.username, password: src.password }
    }
    const path = dockerConfigPath(src.env ?? process.env)
    configPromise ??= readDockerConfig(path)
    const config = await configPromise
    const helper = config ? credentialHelperFor(config, host) : undefined
    if (helper) {
      const env = src.env ?? process.env
      const fromHelper = await runCredentialHelper(helper, host, {
        env,
        ...(src.helperTimeoutMs ? { timeoutMs: src.helperTimeoutMs } : {})
      })
      if (fromHelper) {
        for (const s of [fromHelper.password, fromHelper.identityToken]) if (s) src.mask(s)
        if (fromHelper.username && fromHelper.password) {
          src.mask(Buffer.from(`${fromHelper.username}:${fromHelper.password}`).toString('base64'))
        }
        tell(host, `docker credential helper docker-credential-${helper}`)
        return fromHelper
      }
    }
    const fromConfig = config ? credentialFromDockerConfig(config, host) : undefined
    if (fromConfig) {
      for (const s of [fromConfig.password, fromConfig.identityToken, fromConfig.registryToken])
        if (s) src.mask(s)
      if (fromConfig.username && fromConfig.password) {
        src.mask(Buffer.from(`${fromConfig.username}:${fromConfig.password}`).toString('base64'))
      }
      tell(host, `docker config ${path}`)
      return fromConfig
    }
    if (host === GHCR && src.githubToken) {
      tell(host, 'github-token')
      // GHCR accepts any non-empty username with a token as the password.
      return {
        username: (src.env ?? process.env).GITHUB_ACTOR || 'github-actions',
        password: src.githubToken
      }
    }
    tell(host, 'anonymous')
    return undefined
  }
}
