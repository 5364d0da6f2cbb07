/**
 * The upload state machine against a scripted registry that behaves like the registries we meet:
 * one that reports a session's offset after a fault (so the upload resumes there), ECR's 201 to a
 * PATCH, `OCI-Chunk-Min-Length`, a session that disappears, and GHCR's 10 GB layer limit.
 */
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { digestBytes } from '../src/oci/digest.js'
import { InvalidInputError } from '../src/oci/errors.js'
import { parseReference } from '../src/oci/reference.js'
import { RegistryTarget } from '../src/oci/registry/index.js'
import { forgetUploadMemory, take, type UploadStats } from '../src/oci/registry/upload.js'
import { reply, startScriptedServer, type ScriptedServer } from './helpers/http-server.js'

const KiB = 1024
const data = Buffer.alloc(200 * KiB)
for (let i = 0; i < data.length; i += 32) {
  createHash('sha256').update(String(i)).digest().copy(data, i)
}
const desc = { mediaType: 'application/octet-stream', digest: digestBytes(data), size: data.length }

interface Behaviour {
  /** PATCH number (1-based) whose body is stored only up to this many bytes before a reset. */
  cutPatch?: { n: number; keep: number }
  patchStatus?: number
  minChunk?: number
  /** Drop the session after this many PATCHes (answers 404 from then on). */
  dropAfter?: number
}

let server: ScriptedServer
let behaviour: Behaviour = {}
let sessions = new Map<string, Buffer>()
let stored = new Map<string, Buffer>()
let patches = 0
let lastStats: UploadStats | undefined

function target(host: string, chunk = 64 * KiB, registry?: string): RegistryTarget {
  return new RegistryTarget({
    reference: parseReference(`${registry ?? host}/models/x`),
    plainHttp: true,
    retry: { baseDelayMs: 1, maxAttempts: 4 },
    upload: { chunkThreshold: 100 * KiB, chunkSize: chunk, minChunkSize: 8 * KiB },
    onUpload: (_d, s) => (lastStats = s)
  })
}

beforeAll(async () => {
  let next = 0
  server = await startScriptedServer(async (req, res) => {
    const url = new URL(req.url, 'http://x')
    if (url.pathname === '/v2/') return reply(res, 200)
    if (req.method === 'HEAD') {
      return reply(res, stored.has(url.pathname.split('/').pop()!) ? 200 : 404)
    }
    if (req.method === 'POST') {
      const id = `s${++next}`
      sessions.set(id, Buffer.alloc(0))
      return reply(res, 202, {
        location: `/v2/models/x/blobs/uploads/${id}`,
        ...(behaviour.minChunk ? { 'oci-chunk-min-length': behaviour.minChunk } : {})
      })
    }
    const id = url.pathname.split('/').pop()!
    const have = sessions.get(id)
    if (!have) return reply(res, 404)
    if (req.method === 'GET') {
      return reply(res, 204, { range: `0-${Math.max(0, have.length - 1)}` })
    }
    if (req.method === 'PATCH') {
      patches++
      if (behaviour.dropAfter !== undefined && patches > behaviour.dropAfter) {
        sessions.delete(id)
        behaviour.dropAfter = undefined
        return reply(res, 404)
      }
      if (behaviour.patchStatus) return reply(res, behaviour.patchStatus)
      const [start, end] = String(req.headers['content-range']).split('-').map(Number)
      if (start !== have.length) return reply(res, 416)
      const body = data.subarray(start, end! + 1)
      if (behaviour.minChunk && body.length < behaviour.minChunk && end! + 1 < data.length) {
        return reply(res, 416)
      }
      if (behaviour.cutPatch?.n === patches) {
        sessions.set(id, Buffer.concat([have, body.subarray(0, behaviour.cutPatch.keep)]))
        res.socket?.destroy()
        return
      }
      sessions.set(id, Buffer.concat([have, body]))
      // ECR answers 201 to a PATCH; both must be read as "accepted".
      return reply(res, patches === 1 ? 201 : 202, {
        location: `/v2/models/x/blobs/uploads/${id}`,
        range: `0-${have.length + body.length - 1}`
      })
    }
    if (req.method === 'PUT') {
      const body = req.bodyBytes ? data.subarray(0, req.bodyBytes) : have
      if (digestBytes(body) !== url.searchParams.get('digest')) return reply(res, 400)
      stored.set(desc.digest, body)
      return reply(res, 201, { 'docker-content-digest': desc.digest })
    }
    reply(res, 405)
  })
})
afterAll(() => server.close())
beforeEach(() => {
  behaviour = {}
  sessions = new Map()
  stored = new Map()
  patches = 0
  server.seen.splice(0)
  forgetUploadMemory()
})

const open = async (offset: number): Promise<Readable> => Readable.from([data.subarray(offset)])

describe('chunked upload', () => {
  it('resumes from the offset the session reports after a fault, re-sending nothing it has', async () => {
    behaviour.cutPatch = { n: 2, keep: 10_000 }
    const t = target(server.host)
    await t.push(desc, open)
    expect(stored.get(desc.digest)?.equals(data)).toBe(true)
    const sent = server.seen.filter(r => r.method === 'PATCH')
    const status = server.seen.filter(r => r.method === 'GET' && r.url.includes('/uploads/'))
    expect(status).toHaveLength(1)
    // The chunk after the cut starts where the session said it ended.
    expect(sent[2]?.headers['content-range']).toBe(
      `${64 * KiB + 10_000}-${2 * 64 * KiB + 10_000 - 1}`
    )
    // Re-sent: only the part of the cut chunk the registry did not keep.
    expect(lastStats!.bytesSent - data.length).toBe(64 * KiB - 10_000)
    expect(lastStats!.sessions).toBe(1)
    await t.close()
  })

  it('honours OCI-Chunk-Min-Length', async () => {
    behaviour.minChunk = 80 * KiB
    const t = target(server.host, 16 * KiB)
    await t.push(desc, open)
    const ranges = server.seen.filter(r => r.method === 'PATCH').map(r => r.bodyBytes)
    expect(ranges).toEqual([80 * KiB, 80 * KiB, 40 * KiB])
    await t.close()
  })

  it('starts a new session when the registry dropped it', async () => {
    behaviour.dropAfter = 2
    const t = target(server.host)
    await t.push(desc, open)
    expect(stored.get(desc.digest)?.equals(data)).toBe(true)
    expect(server.seen.filter(r => r.method === 'POST')).toHaveLength(2)
    await t.close()
  })

  it('gives up after the policy when every PATCH fails with 500', async () => {
    behaviour.patchStatus = 500
    const t = target(server.host)
    await expect(t.push(desc, open)).rejects.toThrow(/PATCH .* returned 500/)
    expect(server.seen.filter(r => r.method === 'PATCH')).toHaveLength(4)
    // The session is cancelled once the attempts are spent.
    expect(server.seen.filter(r => r.method === 'DELETE')).toHaveLength(1)
    await t.close()
  })

  it('refuses a blob over GHCR 10 GB limit before sending a byte, saying why', async () => {
    const t = target(server.host, 64 * KiB, 'ghcr.io')
    const huge = { ...desc, size: 10 * 1000 ** 3 + 1 }
    const err = await t.push(huge, open).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InvalidInputError)
    expect(String(err)).toMatch(
      /over the 10000000000-byte limit of ghcr\.io: GHCR refuses layers over 10 GB/
    )
    await t.close()
  })
})

describe('take', () => {
  it('passes exactly n bytes of a longer stream and ends', async () => {
    const chunks: Buffer[] = []
    for await (const c of take(
      Readable.from([data.subarray(0, 1000), data.subarray(1000)]),
      1500
    )) {
      chunks.push(c as Buffer)
    }
    expect(Buffer.concat(chunks).equals(data.subarray(0, 1500))).toBe(true)
  })
})
