/**
 * RegistryTarget against a real distribution 2.8 registry, in each auth mode: no auth, htpasswd
 * Basic, and token auth with the harness's token server.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import type { Credential } from '../../src/oci/credentials.js'
import { digestBytes } from '../../src/oci/digest.js'
import { NotFoundError, UnauthorizedError } from '../../src/oci/errors.js'
import { buildManifest, EMPTY_DESCRIPTOR, EMPTY_JSON } from '../../src/oci/manifest.js'
import { parseReference } from '../../src/oci/reference.js'
import { RegistryTarget, type RegistryTargetOptions } from '../../src/oci/registry/index.js'
import type { Descriptor } from '../../src/oci/target.js'
import {
  startRegistry,
  type AccessLogEntry,
  type RegistryAuth,
  type RunningRegistry
} from './harness/index.js'

/** Deterministic pseudo-random bytes from a seed (sha256 in counter mode). */
function seededBytes(seed: string, size: number): Buffer {
  const out = Buffer.alloc(size)
  for (let off = 0, i = 0; off < size; i++) {
    const block = createHash('sha256').update(`${seed}:${i}`).digest()
    off += block.copy(out, off)
  }
  return out
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

const modes: RegistryAuth[] = ['none', 'htpasswd', 'token']

describe.each(modes)('RegistryTarget against distribution 2.8 (auth: %s)', auth => {
  let reg: RunningRegistry
  let dir: string
  const targets: RegistryTarget[] = []
  const blob = seededBytes(`blob-${auth}`, 3 * 1024 * 1024 + 17)
  const blobDesc: Descriptor = {
    mediaType: 'application/octet-stream',
    digest: digestBytes(blob),
    size: blob.length
  }
  let blobFile: string
  const built = buildManifest({
    layers: [{ ...blobDesc, annotations: { 'org.opencontainers.image.title': 'model.bin' } }],
    artifactType: 'application/vnd.example.model.v1'
  })

  const credential = (): Credential | undefined =>
    reg.username ? { username: reg.username, password: reg.password! } : undefined

  function target(repository: string, opts: Partial<RegistryTargetOptions> = {}): RegistryTarget {
    const t = new RegistryTarget({
      reference: parseReference(`${reg.host}/${repository}`),
      credentials: async () => credential(),
      retry: { maxAttempts: 2, baseDelayMs: 10 },
      ...opts
    })
    targets.push(t)
    return t
  }

  const openFile = async (offset: number): Promise<Readable> =>
    createReadStream(blobFile, { start: offset })
  const openBytes =
    (bytes: Uint8Array) =>
    async (offset: number): Promise<Readable> =>
      (await import('node:stream')).Readable.from([Buffer.from(bytes).subarray(offset)])

  /** Access-log entries written after `mark` entries, without the /v2/ pings. */
  async function since(mark: number): Promise<AccessLogEntry[]> {
    return (await reg.requests()).slice(mark)
  }

  beforeAll(async () => {
    reg = await startRegistry({ auth })
    dir = await mkdtemp(join(tmpdir(), 'oma-it-'))
    blobFile = join(dir, 'blob.bin')
    await writeFile(blobFile, blob)
  })

  afterAll(async () => {
    await Promise.all(targets.map(t => t.close()))
    await reg?.stop()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('pings over http after the loopback https attempt fails', async () => {
    const t = target('models/ping')
    await expect(t.ping()).resolves.toBe(`http://${reg.host}`)
  })

  it('pushes a blob with HEAD, POST and PUT, and a second push sends nothing', async () => {
    const t = target('models/a')
    const mark = (await reg.requests()).length
    await expect(t.push(blobDesc, openFile)).resolves.toBe('uploaded')
    // Only the ping meets a 401: credentials (Basic or a token) go up front after it.
    const first = (await since(mark)).filter(e => e.path !== '/v2/')
    expect(first.map(e => `${e.method} ${e.status}`)).toEqual(['HEAD 404', 'POST 202', 'PUT 201'])
    const mark2 = (await reg.requests()).length
    await expect(t.push(blobDesc, openFile)).resolves.toBe('existed')
    const second = await since(mark2)
    expect(second.map(e => `${e.method} ${e.status}`)).toEqual(['HEAD 200'])
    if (auth === 'token') {
      // pull,push asked up front: one token served the HEAD, the POST and the PUT.
      expect(t.tokenFetches).toBe(1)
      const tokenRequests = reg.tokenServer!.requests()
      expect(tokenRequests.at(-1)).toMatchObject({
        scopes: ['repository:models/a:pull,push'],
        user: reg.username,
        status: 200
      })
    }
  })

  it('pushes a manifest by digest, tags it, and resolves tag and digest', async () => {
    const t = target('models/a')
    await t.push(EMPTY_DESCRIPTOR, openBytes(EMPTY_JSON))
    await t.push(blobDesc, openFile)
    await expect(t.push(built.descriptor, openBytes(built.bytes))).resolves.toBe('uploaded')
    await t.tag(built.descriptor, 'v1', built.bytes)
    const expected = {
      mediaType: built.descriptor.mediaType,
      digest: built.descriptor.digest,
      size: built.descriptor.size
    }
    await expect(t.resolve('v1')).resolves.toEqual(expected)
    await expect(t.resolve(built.descriptor.digest)).resolves.toEqual(expected)
    const fetched = await readAll(await t.fetch(built.descriptor))
    expect(fetched.equals(built.bytes)).toBe(true)
  })

  it('fetches a blob from an offset', async () => {
    const t = target('models/a')
    const offset = 1_000_003
    const got = await readAll(await t.fetch(blobDesc, offset))
    expect(got.equals(blob.subarray(offset))).toBe(true)
    const whole = await readAll(await t.fetch(blobDesc))
    expect(whole.equals(blob)).toBe(true)
  })

  it('lists more than 100 tags with a small page size', async () => {
    const t = target('models/a', { tagPageSize: 10 })
    const names = Array.from({ length: 105 }, (_, i) => `t${String(i).padStart(3, '0')}`)
    for (const name of names) await t.tag(built.descriptor, name, built.bytes)
    const mark = (await reg.requests()).length
    const tags = await t.tags()
    expect([...tags].sort()).toEqual([...names, 'v1'].sort())
    const listed = (await since(mark)).filter(e => e.path.includes('/tags/list'))
    // distribution 2.8 ignores n= and answers with one page; the client asks for pages anyway.
    expect(listed[0]?.path).toContain('n=10')
  })

  it('mounts a blob from another repository without sending it', async () => {
    const source = target('models/a')
    await source.push(blobDesc, openFile)
    const t = target('models/b')
    const mark = (await reg.requests()).length
    await expect(t.mount(blobDesc, 'models/a')).resolves.toBe(true)
    const log = (await since(mark)).filter(e => e.path !== '/v2/')
    expect(log.map(e => `${e.method} ${e.status}`)).toEqual(['POST 201'])
    expect(log[0]?.path).toContain(`mount=${encodeURIComponent(blobDesc.digest)}`)
    expect(log[0]?.path).toContain('from=models%2Fa')
    await expect(t.exists(blobDesc)).resolves.toBe(true)
    if (auth === 'token') {
      expect(reg.tokenServer!.requests().at(-1)?.scopes.sort()).toEqual([
        'repository:models/a:pull',
        'repository:models/b:pull,push'
      ])
    }
  })

  it('names the tag and the repository when a tag is missing', async () => {
    const t = target('models/a')
    const err = await t.resolve('v9').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NotFoundError)
    expect((err as Error).message).toContain(`tag "v9" not found in ${reg.host}/models/a`)
  })

  if (auth !== 'none') {
    it('fails with UnauthorizedError and a hint when the password is wrong', async () => {
      const t = target('models/a', {
        credentials: async () => ({ username: reg.username!, password: 'wrong-password' })
      })
      const err = await t.resolve('v1').catch((e: unknown) => e)
      expect(err).toBeInstanceOf(UnauthorizedError)
      expect((err as Error).message).toContain(
        `check the username and password (or token) for ${reg.host}`
      )
    })

    it('fails with UnauthorizedError saying no credentials were found when anonymous', async () => {
      const t = target('models/a', { credentials: async () => undefined })
      const err = await t.resolve('v1').catch((e: unknown) => e)
      expect(err).toBeInstanceOf(UnauthorizedError)
      expect((err as Error).message).toContain(`no credentials were found for ${reg.host}`)
    })

    it('passes every secret to onSecret before use', async () => {
      const secrets: string[] = []
      const t = target('models/a', { onSecret: s => secrets.push(s) })
      await t.resolve('v1')
      expect(secrets).toContain(reg.password)
      if (auth === 'token') expect(secrets.some(s => s.split('.').length === 3)).toBe(true)
    })
  }

  if (auth === 'token') {
    it('exchanges an identity token with POST grant_type=refresh_token', async () => {
      const t = target('models/a', {
        credentials: async () => ({ identityToken: reg.refreshToken! })
      })
      await expect(t.resolve('v1')).resolves.toMatchObject({ digest: built.descriptor.digest })
      expect(reg.tokenServer!.requests().at(-1)).toMatchObject({
        method: 'POST',
        grantType: 'refresh_token',
        status: 200
      })
    })
  }
})
