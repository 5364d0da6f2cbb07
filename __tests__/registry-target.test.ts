/**
 * RegistryTarget against scripted servers: a Bearer-auth registry and a second origin standing for
 * object storage, to check what goes where (credentials never leave the registry's origin).
 */
import { Readable } from 'node:stream'
import { digestBytes } from '../src/oci/digest.js'
import { OciError } from '../src/oci/errors.js'
import { parseReference } from '../src/oci/reference.js'
import { RegistryTarget } from '../src/oci/registry/index.js'
import {
  reply,
  startScriptedServer,
  type ScriptedServer,
  type SeenRequest
} from './helpers/http-server.js'

const data = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz')
const desc = { mediaType: 'application/octet-stream', digest: digestBytes(data), size: data.length }

let registry: ScriptedServer
let storage: ScriptedServer
let tokenBody: (n: number) => { status: number; body: string; headers?: Record<string, string> }
let tokenCount = 0
const targets: RegistryTarget[] = []

function target(opts: { secrets?: string[]; tagPageSize?: number } = {}): RegistryTarget {
  const t = new RegistryTarget({
    reference: parseReference(`${registry.host}/models/x`),
    plainHttp: true,
    credentials: async () => ({ username: 'u', password: 'p4ss' }),
    retry: { maxAttempts: 2, baseDelayMs: 1 },
    ...(opts.secrets ? { onSecret: (s: string) => opts.secrets!.push(s) } : {}),
    ...(opts.tagPageSize ? { tagPageSize: opts.tagPageSize } : {})
  })
  targets.push(t)
  return t
}

const authed = (r: SeenRequest): boolean =>
  String(r.headers.authorization ?? '').startsWith('Bearer tok-')

beforeAll(async () => {
  storage = await startScriptedServer((req, res) => {
    if (req.method === 'GET' && req.url.startsWith('/blob')) return reply(res, 200, {}, data) // ignores Range
    if (req.method === 'PUT' && req.url.startsWith('/upload/1')) {
      return reply(res, 201, { 'docker-content-digest': desc.digest })
    }
    reply(res, 404)
  })
  registry = await startScriptedServer((req, res) => {
    const challenge = {
      'www-authenticate': `Bearer realm="${registry.origin}/token",service="svc"`
    }
    if (req.url.startsWith('/token')) {
      const t = tokenBody(++tokenCount)
      return reply(res, t.status, { 'content-type': 'application/json', ...t.headers }, t.body)
    }
    if (!authed(req)) return reply(res, 401, challenge)
    const blob = `/v2/models/x/blobs/${desc.digest}`
    if (req.url === blob && req.method === 'GET') {
      return reply(res, 307, { location: `${storage.origin}/blob?sig=abc` })
    }
    if (req.url === blob && req.method === 'HEAD') return reply(res, 404)
    if (req.url === '/v2/models/x/blobs/uploads/' && req.method === 'POST') {
      return reply(res, 202, { location: `${storage.origin}/upload/1?state=s` })
    }
    if (req.url.startsWith('/v2/models/x/tags/list')) {
      const u = new URL(req.url, registry.origin)
      const last = u.searchParams.get('last')
      const page = last === null ? ['a', 'b'] : last === 'b' ? ['c', 'd'] : ['e']
      const headers: Record<string, string> = {}
      if (page.length === 2)
        headers.link = `</v2/models/x/tags/list?n=2&last=${page[1]}>; rel="next"`
      return reply(res, 200, headers, JSON.stringify({ name: 'models/x', tags: page }))
    }
    reply(res, 404)
  })
})

afterAll(async () => {
  await Promise.all(targets.map(t => t.close()))
  await registry.close()
  await storage.close()
})

beforeEach(() => {
  registry.seen.splice(0)
  storage.seen.splice(0)
  tokenCount = 0
  tokenBody = n => ({ status: 200, body: JSON.stringify({ token: `tok-${n}`, expires_in: 300 }) })
})

it('follows a blob redirect without Authorization and skips bytes when Range is ignored', async () => {
  const t = target()
  const chunks: Buffer[] = []
  for await (const c of await t.fetch(desc, 10)) chunks.push(c as Buffer)
  expect(Buffer.concat(chunks).toString()).toBe(data.subarray(10).toString())
  expect(storage.seen).toHaveLength(1)
  expect(storage.seen[0]?.headers.authorization).toBeUndefined()
  expect(storage.seen[0]?.headers.range).toBe('bytes=10-')
})

it('uploads to a Location on another host without a token, in one token fetch', async () => {
  const secrets: string[] = []
  const t = target({ secrets })
  await expect(t.push(desc, async o => Readable.from([data.subarray(o)]))).resolves.toBe('uploaded')
  const put = storage.seen.find(r => r.method === 'PUT')
  expect(put?.url).toBe(`/upload/1?state=s&digest=${encodeURIComponent(desc.digest)}`)
  expect(put?.headers.authorization).toBeUndefined()
  expect(put?.headers['content-length']).toBe(String(data.length))
  expect(put?.bodyBytes).toBe(data.length)
  expect(tokenCount).toBe(1)
  const tokenReq = registry.seen.find(r => r.url.startsWith('/token'))!
  const q = new URL(tokenReq.url, registry.origin).searchParams
  expect(q.getAll('scope')).toEqual(['repository:models/x:pull,push'])
  expect(q.get('service')).toBe('svc')
  expect(tokenReq.headers.authorization).toBe(`Basic ${Buffer.from('u:p4ss').toString('base64')}`)
  expect(secrets).toEqual(
    expect.arrayContaining(['p4ss', Buffer.from('u:p4ss').toString('base64'), 'tok-1'])
  )
})

it('reuses a token until it expires, then fetches a new one', async () => {
  tokenBody = n => ({
    status: 200,
    body: JSON.stringify({ access_token: `tok-${n}`, expires_in: 1 })
  })
  const t = target()
  await t.exists(desc)
  await t.exists(desc)
  // 1 s tokens are renewed 0.1 s early; wait past that.
  await new Promise(r => setTimeout(r, 1000))
  await t.exists(desc)
  expect(tokenCount).toBe(2)
})

it('shares one token fetch between concurrent requests', async () => {
  const t = target()
  await Promise.all([1, 2, 3, 4].map(() => t.exists(desc)))
  expect(tokenCount).toBe(1)
})

it('refuses a token response over 128 KiB', async () => {
  tokenBody = () => ({ status: 200, body: JSON.stringify({ token: 'x'.repeat(140 * 1024) }) })
  await expect(target().exists(desc)).rejects.toThrow('token response is larger than 131072 bytes')
})

it('does not follow a redirect from the token service', async () => {
  tokenBody = () => ({ status: 302, body: '', headers: { location: `${storage.origin}/steal` } })
  await expect(target().exists(desc)).rejects.toThrow(/redirect/)
  expect(storage.seen).toHaveLength(0)
})

it('follows Link pagination of the tag list', async () => {
  await expect(target({ tagPageSize: 2 }).tags()).resolves.toEqual(['a', 'b', 'c', 'd', 'e'])
  const lists = registry.seen.filter(r => r.url.includes('/tags/list')).map(r => r.url)
  expect(lists).toEqual([
    '/v2/models/x/tags/list?n=2',
    '/v2/models/x/tags/list?n=2&last=b',
    '/v2/models/x/tags/list?n=2&last=d'
  ])
})

it('rejects an offset beyond the blob', async () => {
  await expect(target().fetch(desc, desc.size + 1)).rejects.toBeInstanceOf(OciError)
})
