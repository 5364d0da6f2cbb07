/**
 * A small token server for the token-auth registry (distribution "Token Authentication
 * Specification"): GET with Basic auth, or POST with a refresh token or password (OAuth2 form),
 * issuing RS256 JWTs that distribution 2.8 accepts (`kid` = libtrust id of the bundle's key).
 * The test user gets every action it asks for; anonymous requests get a token with no access, so
 * the registry answers 401. Every request is recorded for assertions.
 */
import { createSign, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { SigningKey } from './pki.js'

/** One request the token server saw. */
export interface TokenRequest {
  method: string
  /** Host header the request was sent with. */
  host: string
  service?: string
  /** Scopes asked for (query `scope` params, or the form's space-separated `scope`). */
  scopes: string[]
  grantType?: string
  /** The user the request authenticated as; undefined for anonymous or refused requests. */
  user?: string
  /** True when the request carried an Authorization header. */
  hadAuthorization: boolean
  status: number
}

/** Options of the token server. */
export interface TokenServerOptions {
  key: SigningKey
  issuer: string
  service: string
  username: string
  password: string
  /** Refresh token accepted for `grant_type=refresh_token` (docker's identity token). */
  refreshToken: string
  /** Token lifetime in seconds (default 300). */
  expiresIn?: number
}

/** A running token server. */
export interface TokenServer {
  /** Realm URL, e.g. `http://127.0.0.1:PORT/token`. */
  realm: string
  /** Every request so far, oldest first (a copy). */
  requests(): TokenRequest[]
  stop(): Promise<void>
}

/** Starts a token server on a free loopback port. */
export async function startTokenServer(opts: TokenServerOptions): Promise<TokenServer> {
  const log: TokenRequest[] = []
  const server = createServer((req, res) => {
    handle(req, res, opts, log).catch(() => {
      res.statusCode = 500
      res.end()
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    realm: `http://127.0.0.1:${port}/token`,
    requests: () => log.map(r => ({ ...r, scopes: [...r.scopes] })),
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  opts: TokenServerOptions,
  log: TokenRequest[]
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://token')
  const record: TokenRequest = {
    method: req.method ?? '',
    host: req.headers.host ?? '',
    scopes: [],
    hadAuthorization: req.headers.authorization !== undefined,
    status: 0
  }
  log.push(record)
  const reply = (status: number, body: unknown): void => {
    record.status = status
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  if (url.pathname !== '/token') return reply(404, { error: 'not found' })
  let user: string | undefined
  let params: URLSearchParams
  if (req.method === 'POST') {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
    record.grantType = params.get('grant_type') ?? undefined
    record.scopes = (params.get('scope') ?? '').split(' ').filter(Boolean)
    if (record.grantType === 'refresh_token') {
      if (params.get('refresh_token') !== opts.refreshToken)
        return reply(401, { error: 'invalid_grant' })
      user = opts.username
    } else if (record.grantType === 'password') {
      if (params.get('username') !== opts.username || params.get('password') !== opts.password) {
        return reply(401, { error: 'invalid_grant' })
      }
      user = opts.username
    } else {
      return reply(400, { error: 'unsupported_grant_type' })
    }
  } else if (req.method === 'GET') {
    params = url.searchParams
    record.scopes = params
      .getAll('scope')
      .flatMap(s => s.split(' '))
      .filter(Boolean)
    const auth = req.headers.authorization
    if (auth) {
      const m = /^Basic\s+(\S+)$/i.exec(auth)
      const [u, ...rest] = Buffer.from(m?.[1] ?? '', 'base64')
        .toString('utf8')
        .split(':')
      if (!m || u !== opts.username || rest.join(':') !== opts.password) {
        return reply(401, {
          errors: [{ code: 'UNAUTHORIZED', message: 'invalid username or password' }]
        })
      }
      user = u
    }
  } else {
    return reply(405, { error: 'method not allowed' })
  }
  record.service = params.get('service') ?? undefined
  record.user = user
  const access = user ? record.scopes.map(parseScope).filter(a => a !== undefined) : []
  const expiresIn = opts.expiresIn ?? 300
  const token = signJwt(opts, user ?? '', access, expiresIn)
  reply(200, {
    token,
    access_token: token,
    expires_in: expiresIn,
    issued_at: new Date().toISOString()
  })
}

interface Access {
  type: string
  name: string
  actions: string[]
}

function parseScope(scope: string): Access | undefined {
  const first = scope.indexOf(':')
  const last = scope.lastIndexOf(':')
  if (first <= 0 || first === last) return undefined
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope
      .slice(last + 1)
      .split(',')
      .filter(Boolean)
  }
}

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url')
}

function signJwt(
  opts: TokenServerOptions,
  subject: string,
  access: Access[],
  expiresIn: number
): string {
  const now = Math.floor(Date.now() / 1000)
  const header = { typ: 'JWT', alg: 'RS256', kid: opts.key.kid }
  const claims = {
    iss: opts.issuer,
    sub: subject,
    aud: opts.service,
    exp: now + expiresIn,
    nbf: now - 10,
    iat: now,
    jti: randomUUID(),
    access
  }
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`
  const signature = createSign('RSA-SHA256').update(input).sign(opts.key.privateKeyPem)
  return `${input}.${b64url(signature)}`
}
