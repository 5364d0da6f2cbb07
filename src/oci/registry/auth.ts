/**
 * Authentication against one registry (distribution "Token Authentication Specification" and
 * RFC 7617 Basic): learns the registry's challenge, sends Basic credentials or fetches Bearer
 * tokens for the scopes a request needs, and caches tokens per scope set until they expire.
 * Authorization is only ever produced for the registry's own API origin; the client decides where
 * it is sent.
 */
import type { Credential, CredentialProvider, SecretSink } from '../credentials.js'
import { OciError, RegistryResponseError, redactUrl } from '../errors.js'
import type { Logger } from '../logger.js'
import { silentLogger } from '../logger.js'
import { isLoopbackHost } from '../reference.js'
import { readLimited } from '../stream-utils.js'
import { parseChallenges } from './challenge.js'
import { responseError } from './errors.js'
import { discardBody, type HttpClient } from './http.js'
import { sendWithRetry, type RetryPolicy } from './retry.js'
import { covers, formatScopes, parseScopes, type ScopeSet } from './scopes.js'

/** Token responses are read up to this size (a token is a few KiB at most). */
export const MAX_TOKEN_RESPONSE_BYTES = 128 * 1024
/** Lifetime assumed when a token response has no `expires_in` (token spec: 60 seconds). */
const DEFAULT_TOKEN_SECONDS = 60
/** Client id sent with OAuth2 token requests (token spec "Refresh token format"). */
const CLIENT_ID = 'oci-model-action'

type HostScheme = { scheme: 'basic' } | { scheme: 'bearer'; realm: string; service?: string }

interface CachedToken {
  header: string
  scopes: ScopeSet
  expiresAt: number
}

/** Options of an Authenticator. */
export interface AuthenticatorOptions {
  /** Registry name credentials are looked up by (`docker.io`, `ghcr.io`, `localhost:5000`). */
  registry: string
  http: HttpClient
  retry: RetryPolicy
  credentials?: CredentialProvider
  onSecret?: SecretSink
  logger?: Logger
  now?: () => number
}

/** Authenticator holds the auth state of one registry: its scheme, credential and tokens. */
export class Authenticator {
  private hostScheme?: HostScheme
  private credential?: Promise<Credential | undefined>
  private tokens: CachedToken[] = []
  private readonly inflight = new Map<string, Promise<string>>()
  /** Token fetches made so far (for logs and tests). */
  tokenFetches = 0

  constructor(private readonly opts: AuthenticatorOptions) {}

  /**
   * Learns the scheme from challenges (ping or a 401). Bearer is preferred when both are offered.
   * Returns the scopes the challenge itself asks for (a Bearer `scope` parameter), if any.
   */
  learn(challenges: readonly string[]): string[] {
    const parsed = parseChallenges(challenges)
    const bearer = parsed.find(c => c.scheme === 'bearer' && c.params.realm)
    if (bearer) {
      this.hostScheme = {
        scheme: 'bearer',
        realm: bearer.params.realm as string,
        service: bearer.params.service
      }
      return bearer.params.scope ? bearer.params.scope.split(' ').filter(Boolean) : []
    }
    if (parsed.some(c => c.scheme === 'basic')) this.hostScheme = { scheme: 'basic' }
    return []
  }

  /**
   * The `Authorization` value for a request needing `scopes`, known before any 401: Basic once the
   * registry asked for Basic, a (cached or new) token once it asked for Bearer, else nothing.
   */
  async authorization(scopes: readonly string[]): Promise<string | undefined> {
    const hs = this.hostScheme
    if (!hs) return undefined
    const cred = await this.getCredential()
    if (hs.scheme === 'basic') return basicHeader(cred, this.opts.onSecret)
    if (cred?.registryToken) {
      this.opts.onSecret?.(cred.registryToken)
      return `Bearer ${cred.registryToken}`
    }
    const wanted = parseScopes(scopes)
    const now = this.now()
    this.tokens = this.tokens.filter(t => t.expiresAt > now)
    const hit = this.tokens.find(t => covers(t.scopes, wanted))
    if (hit) return hit.header
    // Concurrent requests for the same scopes (parallel blob uploads) share one token fetch.
    const key = formatScopes(wanted).join(' ')
    let pending = this.inflight.get(key)
    if (!pending) {
      pending = this.fetchToken(hs, cred, wanted).finally(() => this.inflight.delete(key))
      this.inflight.set(key, pending)
    }
    return pending
  }

  /**
   * Handles a 401: learns its challenge and decides whether sending again can help. It cannot when
   * the same credentials were already sent (Basic), when there is nothing to send, or when a token
   * covering the challenge's scopes was refused (the credential lacks access).
   */
  async retryAfterChallenge(
    challenges: readonly string[],
    scopes: readonly string[],
    sent: string | undefined
  ): Promise<{ retry: boolean; scopes: string[] }> {
    const extra = this.learn(challenges)
    const all = formatScopes(parseScopes([...scopes, ...extra]))
    const hs = this.hostScheme
    if (!hs) return { retry: false, scopes: all }
    const cred = await this.getCredential()
    if (hs.scheme === 'basic') {
      const header = basicHeader(cred, this.opts.onSecret)
      return { retry: header !== undefined && header !== sent, scopes: all }
    }
    if (cred?.registryToken) return { retry: sent !== `Bearer ${cred.registryToken}`, scopes: all }
    const refused = this.tokens.find(t => t.header === sent)
    this.tokens = this.tokens.filter(t => t.header !== sent)
    if (refused && covers(refused.scopes, parseScopes(all))) return { retry: false, scopes: all }
    return { retry: true, scopes: all }
  }

  /** A hint for a 401 that outlasted authentication: what to check about the credentials. */
  async unauthorizedHint(): Promise<string> {
    const cred = await this.getCredential()
    const r = this.opts.registry
    if (!cred) {
      return `no credentials were found for ${r}: pass username and password (or log in with docker/login-action)`
    }
    return `authentication to ${r} failed: check the username and password (or token) for ${r}`
  }

  private getCredential(): Promise<Credential | undefined> {
    this.credential ??= this.opts.credentials
      ? this.opts.credentials(this.opts.registry)
      : Promise.resolve(undefined)
    return this.credential
  }

  private now(): number {
    return (this.opts.now ?? Date.now)()
  }

  /**
   * Fetches a token (token spec "Requesting a Token", OAuth2 spec for refresh tokens). Redirects
   * are not followed: a token endpoint that redirects could send our credentials anywhere.
   */
  private async fetchToken(
    hs: { realm: string; service?: string },
    cred: Credential | undefined,
    wanted: ScopeSet
  ): Promise<string> {
    const scopes = formatScopes(wanted)
    let realm: URL
    try {
      realm = new URL(hs.realm)
    } catch {
      throw new OciError(
        `${this.opts.registry} sent an invalid token realm "${hs.realm.slice(0, 100)}"`
      )
    }
    const problem = realmProblem(realm, Boolean(cred))
    if (problem) {
      throw new OciError(
        `${this.opts.registry} sent the token realm ${redactUrl(realm)}, which ${problem}; refusing to request a token there`
      )
    }
    const sink = this.opts.onSecret
    let method = 'GET'
    const headers: Record<string, string> = { accept: 'application/json' }
    let body: Buffer | undefined
    if (cred?.identityToken) {
      sink?.(cred.identityToken)
      method = 'POST'
      const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: CLIENT_ID })
      if (hs.service) form.set('service', hs.service)
      if (scopes.length) form.set('scope', scopes.join(' '))
      form.set('refresh_token', cred.identityToken)
      body = Buffer.from(form.toString())
      headers['content-type'] = 'application/x-www-form-urlencoded'
    } else {
      if (hs.service) realm.searchParams.set('service', hs.service)
      for (const s of scopes) realm.searchParams.append('scope', s)
      const basic = basicHeader(cred, sink)
      if (basic) {
        headers.authorization = basic
        realm.searchParams.set('account', cred?.username ?? '')
      }
    }
    this.tokenFetches++
    this.opts.logger?.debug(
      `fetching a token for ${scopes.join(' ') || 'no scope'} from ${redactUrl(realm)}`
    )
    const res = await sendWithRetry(
      this.opts.http,
      this.opts.retry,
      { method, url: realm, headers, ...(body ? { body: () => body } : {}) },
      this.opts.logger ?? silentLogger
    )
    if (res.status !== 200) {
      if (res.status >= 300 && res.status < 400) {
        await discardBody(res)
        throw new RegistryResponseError(
          method,
          redactUrl(realm),
          res.status,
          [],
          'the token service redirected; redirects are not followed for token requests'
        )
      }
      // 401/403 from the token service map to UnauthorizedError/DeniedError with the same hint.
      throw await responseError(res, { method, authHint: await this.unauthorizedHint() })
    }
    const text = (await readLimited(res.body, MAX_TOKEN_RESPONSE_BYTES, 'token response')).toString(
      'utf8'
    )
    let doc: {
      token?: unknown
      access_token?: unknown
      expires_in?: unknown
      refresh_token?: unknown
    }
    try {
      doc = JSON.parse(text) as typeof doc
    } catch {
      throw new OciError(
        `the token service of ${this.opts.registry} returned a response that is not JSON`
      )
    }
    const token = typeof doc.token === 'string' && doc.token ? doc.token : doc.access_token
    if (typeof token !== 'string' || !token) {
      throw new OciError(`the token service of ${this.opts.registry} returned no token`)
    }
    sink?.(token)
    if (typeof doc.refresh_token === 'string' && doc.refresh_token) sink?.(doc.refresh_token)
    const seconds =
      typeof doc.expires_in === 'number' && doc.expires_in > 0
        ? doc.expires_in
        : DEFAULT_TOKEN_SECONDS
    // Renew a little early so that a token does not expire between the check and the request.
    const margin = Math.min(10, seconds / 10)
    const header = `Bearer ${token}`
    this.tokens.push({ header, scopes: wanted, expiresAt: this.now() + (seconds - margin) * 1000 })
    return header
  }
}

/** `Basic base64(user:password)` for a credential with a password, else undefined. */
function basicHeader(
  cred: Credential | undefined,
  sink: SecretSink | undefined
): string | undefined {
  if (!cred?.password && !cred?.username) return undefined
  const password = cred.password ?? ''
  if (password) sink?.(password)
  const encoded = Buffer.from(`${cred.username ?? ''}:${password}`).toString('base64')
  sink?.(encoded)
  return `Basic ${encoded}`
}

/** Hosts of cloud metadata services, which must never receive a request from us. */
const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata',
  '100.100.100.200',
  'fd00:ec2::254',
  'instance-data',
  'instance-data.ec2.internal'
])

/**
 * Why a token realm must not be asked for a token, or undefined. A realm is chosen by the
 * registry's answer, so it is untrusted: it must be https (http only on loopback, where nothing
 * leaves the machine) when credentials go with the request, and never a link-local or cloud
 * metadata address (169.254.169.254 would hand an attacker the runner's cloud credentials).
 */
export function realmProblem(realm: URL, withCredentials: boolean): string | undefined {
  if (realm.protocol !== 'https:' && realm.protocol !== 'http:') return 'is not http(s)'
  if (realm.username || realm.password) return 'carries credentials in the URL'
  const host = realm.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (METADATA_HOSTS.has(host)) return 'is a cloud metadata service'
  if (
    /^169\.254\.\d+\.\d+$/.test(host) ||
    /^fe[89ab][0-9a-f]?:/i.test(host) ||
    /^::ffff:(a9fe:|169\.254\.)/i.test(host)
  ) {
    return 'is a link-local address'
  }
  if (/^0+\.|^0+$/.test(host) || host === '::' || host === '0.0.0.0')
    return 'is an unspecified address'
  if (realm.protocol === 'http:' && withCredentials && !isLoopbackHost(realm.host)) {
    return 'is plain http: credentials are only sent to a realm over https (or on loopback)'
  }
  return undefined
}
