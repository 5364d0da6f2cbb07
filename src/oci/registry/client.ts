/**
 * RegistryClient: the request path of one registry, composed of the layers below it — ping once
 * (scheme and challenge), authenticate (auth.ts), retry (retry.ts), send (http.ts). Credentials go
 * only to the registry's own API origin; any other URL (a blob redirect, an upload Location on
 * another host) is requested without them.
 */
import type { Logger } from '../logger.js'
import { Authenticator } from './auth.js'
import { responseError, type Subject } from './errors.js'
import { discardBody, type BodyFactory, type HttpClient, type HttpResponse } from './http.js'
import { ping, type PingResult } from './ping.js'
import { sendWithRetry, type RetryPolicy } from './retry.js'

/** One request to the registry. */
export interface RegistryRequest {
  method: string
  url: URL
  headers?: Record<string, string>
  body?: BodyFactory
  /** Token scopes the request needs (ignored for URLs off the registry's origin). */
  scopes: readonly string[]
  /** false: send once (the caller retries a larger unit, e.g. a whole upload session). */
  retry?: boolean
  /** How long the answer may take (see HttpRequest.wait). */
  wait?: 'idle' | 'finish'
}

/** Options of a RegistryClient. */
export interface RegistryClientOptions {
  /** API host, e.g. `registry-1.docker.io` or `127.0.0.1:5000`. */
  host: string
  http: HttpClient
  retry: RetryPolicy
  auth: Authenticator
  logger: Logger
  plainHttp?: boolean
}

/** RegistryClient sends authenticated, retried requests to one registry. */
export class RegistryClient {
  private pinged?: Promise<PingResult>

  constructor(readonly opts: RegistryClientOptions) {}

  /** The registry's base URL, after a first ping (shared by concurrent callers, remembered). */
  async base(): Promise<URL> {
    this.pinged ??= ping(this.opts.host, this.opts).then(r => {
      if (r.status === 401) this.opts.auth.learn(r.challenges)
      return r
    })
    try {
      return (await this.pinged).base
    } catch (e) {
      this.pinged = undefined // a failed ping is tried again by the next request
      throw e
    }
  }

  /** True when `url` is on the registry's own origin (where credentials may go). */
  async isRegistryOrigin(url: URL): Promise<boolean> {
    return url.origin === (await this.base()).origin
  }

  /**
   * Sends a request. On the registry's origin it carries the Authorization the auth layer knows
   * up front; a 401 is answered once by authenticating for its challenge and sending again.
   */
  async request(req: RegistryRequest): Promise<HttpResponse> {
    const own = await this.isRegistryOrigin(req.url)
    if (!own) return this.send(req, undefined)
    const auth = this.opts.auth
    const sent = await auth.authorization(req.scopes)
    const res = await this.send(req, sent)
    if (res.status !== 401 || res.challenges.length === 0) return res
    const next = await auth.retryAfterChallenge(res.challenges, req.scopes, sent)
    if (!next.retry) return res
    await discardBody(res)
    const again = await auth.authorization(next.scopes)
    return this.send(req, again)
  }

  /** Maps a response the caller did not expect to an error (404 names `subject`). */
  async fail(res: HttpResponse, method: string, subject?: Subject): Promise<Error> {
    return responseError(res, {
      method,
      ...(subject ? { subject } : {}),
      authHint: await this.opts.auth.unauthorizedHint()
    })
  }

  private send(req: RegistryRequest, authorization: string | undefined): Promise<HttpResponse> {
    const headers = { ...req.headers }
    if (authorization) headers.authorization = authorization
    const one = {
      method: req.method,
      url: req.url,
      headers,
      ...(req.body ? { body: req.body } : {}),
      ...(req.wait ? { wait: req.wait } : {})
    }
    const policy = req.retry === false ? { ...this.opts.retry, maxAttempts: 1 } : this.opts.retry
    return sendWithRetry(this.opts.http, policy, one, this.opts.logger).then(res => {
      this.opts.logger.debug(`${req.method} ${res.url.origin}${res.url.pathname} → ${res.status}`)
      return res
    })
  }
}

/** One repository on a registry, as the operation modules (blobs, manifests, tags) need it. */
export interface RepoContext {
  client: RegistryClient
  repository: string
  /** `registry/repository` for messages, e.g. `localhost:5000/models/x`. */
  name: string
}
