/**
 * The action (dist/index.js) against hostile artifacts crafted with raw HTTP, against a blob
 * redirect to another host with debug logging on, and interrupted by SIGTERM mid-download. Nothing
 * may be written outside `output`, no secret may reach the other host or the log, and an
 * interruption must leave no temporary behind.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { runAction } from '../../scripts/run-action.mjs'
import { rawArtifact, rawTar, sha256 } from '../helpers/raw-http.js'
import { reply, startScriptedServer, type ScriptedServer } from '../helpers/http-server.js'
import {
  startFaultProxy,
  startRegistry,
  startStorage,
  type FaultProxy,
  type RunningRegistry,
  type StorageHost
} from './harness/index.js'

const TITLE = 'org.opencontainers.image.title'
const UNPACK = 'io.deis.oras.content.unpack'
const TARGZ = 'application/vnd.oci.image.layer.v1.tar+gzip'

/** The log as a reader sees it: `::add-mask::` lines are consumed by the runner. */
const visible = (log: string): string =>
  log
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'))
    .join('\n')

/** Temporaries: `.name.<hex>.tmp` beside a file, unpack staging, a folder moved aside, store temps. */
const isTemp = (p: string): boolean =>
  /\.tmp$|\.oci-unpack-|\.old$/.test(p) || /(^|\/)tmp\/[^/]+$/.test(p)

/** Every path under `dir`, relative, recursively (symlinks not followed). */
function tree(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return []
  const out: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    out.push(prefix + e.name)
    if (e.isDirectory()) out.push(...tree(join(dir, e.name), `${prefix}${e.name}/`))
  }
  return out
}

function seeded(seed: string, size: number): Buffer {
  const out = Buffer.alloc(size)
  for (let off = 0, i = 0; off < size; i++) {
    off += createHash('sha256').update(`${seed}:${i}`).digest().copy(out, off)
  }
  return out
}

const folder = (title: string, entries: Parameters<typeof rawTar>[0]) => ({
  bytes: gzipSync(rawTar(entries)),
  mediaType: TARGZ,
  annotations: { [TITLE]: title, [UNPACK]: 'true' }
})

describe('hostile artifacts (crafted with raw HTTP) pulled by the action', () => {
  let reg: RunningRegistry
  let work: string
  beforeAll(async () => {
    reg = await startRegistry({ auth: 'none' })
    work = mkdtempSync(join(tmpdir(), 'hostile-'))
  })
  afterAll(async () => {
    await reg?.stop()
  })

  const ok = Buffer.from('fine')
  const cases: [string, Parameters<typeof rawArtifact>[3], RegExp][] = [
    [
      'dot-dot title',
      [{ bytes: ok, annotations: { [TITLE]: '../escape.bin' } }],
      /"\.\." component/
    ],
    [
      'absolute title',
      [{ bytes: ok, annotations: { [TITLE]: '/tmp/oma-abs-escape.bin' } }],
      /absolute path/
    ],
    ['drive letter', [{ bytes: ok, annotations: { [TITLE]: 'C:/win.bin' } }], /drive letter/],
    [
      'nested dot-dot',
      [{ bytes: ok, annotations: { [TITLE]: 'a/../../b.bin' } }],
      /"\.\." component/
    ],
    [
      'NUL in title',
      [{ bytes: ok, annotations: { [TITLE]: 'evil\u0000.bin' } }],
      /control character/
    ],
    ['backslash', [{ bytes: ok, annotations: { [TITLE]: '..\\..\\x.bin' } }], /backslash/],
    [
      'duplicate titles',
      [
        { bytes: ok, annotations: { [TITLE]: 'm.bin' } },
        { bytes: Buffer.from('other'), annotations: { [TITLE]: 'm.bin' } }
      ],
      /two files titled "m\.bin"|would write the same place/
    ],
    [
      'tar entry ..',
      [folder('eval', [{ path: 'eval/' }, { path: 'eval/../../x', body: ok }])],
      /refused|outside/
    ],
    [
      'tar symlink out',
      [
        folder('eval', [
          { path: 'eval/' },
          { path: 'eval/l', type: 'SymbolicLink', linkpath: '../../outside' }
        ])
      ],
      /symlink .* points outside/
    ],
    [
      'tar hardlink out',
      [
        folder('eval', [
          { path: 'eval/' },
          { path: 'eval/h', type: 'Link', linkpath: '/etc/passwd' }
        ])
      ],
      /hard link .* points outside/
    ],
    [
      'tar device',
      [folder('eval', [{ path: 'eval/' }, { path: 'eval/dev', type: 'CharacterDevice' }])],
      /CharacterDevice, which is not allowed/
    ],
    [
      'tar fifo',
      [folder('eval', [{ path: 'eval/' }, { path: 'eval/p', type: 'FIFO' }])],
      /FIFO, which is not allowed/
    ],
    [
      'tar entry outside its folder',
      [folder('eval', [{ path: 'eval/' }, { path: 'other/x', body: ok }])],
      /outside the folder "eval\/"/
    ]
  ]

  it.each(cases)('%s: fails, names the problem, writes nothing', async (name, layers, why) => {
    const repo = `hostile/${name.replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '')}`
    const { status } = await rawArtifact(reg.url, repo, 'v1', layers)
    expect(status).toBe(201)
    const sandbox = mkdtempSync(join(work, 'case-'))
    const outside = join(sandbox, 'outside')
    mkdirSync(outside)
    const res = await runAction(
      { command: 'pull', reference: `${reg.host}/${repo}:v1`, output: join(sandbox, 'out') },
      { cwd: sandbox }
    )
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(why)
    expect(tree(outside)).toEqual([])
    expect(tree(sandbox).filter(p => !p.startsWith('out') && p !== 'outside')).toEqual([])
    expect(tree(join(sandbox, 'out'))).toEqual([])
    expect(existsSync('/tmp/oma-abs-escape.bin')).toBe(false)
  })

  it('refuses a title through a symlink that already exists in output', async () => {
    await rawArtifact(reg.url, 'hostile/through-link', 'v1', [
      { bytes: ok, annotations: { [TITLE]: 'link/x.bin' } }
    ])
    const sandbox = mkdtempSync(join(work, 'case-'))
    mkdirSync(join(sandbox, 'outside'))
    mkdirSync(join(sandbox, 'out'))
    symlinkSync('../outside', join(sandbox, 'out', 'link'))
    const res = await runAction(
      { command: 'pull', reference: `${reg.host}/hostile/through-link:v1`, output: 'out' },
      { cwd: sandbox }
    )
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(/is a symlink; refusing to write through it/)
    expect(tree(join(sandbox, 'outside'))).toEqual([])
  })

  it('refuses a digest algorithm it cannot verify', async () => {
    const layer = {
      bytes: ok,
      annotations: { [TITLE]: 'a.bin' },
      digest: 'sha384:' + 'a'.repeat(96)
    }
    // distribution checks referenced blobs, so the manifest is served by a scripted registry.
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256('{}'), size: 2 },
      layers: [
        {
          mediaType: 'application/octet-stream',
          digest: layer.digest,
          size: 4,
          annotations: layer.annotations
        }
      ]
    })
    const res = await pullFromScripted(Buffer.from(manifest))
    expect(res.code).toBe(1)
    expect(res.stdout).toMatch(/unsupported digest algorithm "sha384"/)
  })

  it('refuses a manifest over 4 MiB and one that is not JSON', async () => {
    const huge = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256('{}'), size: 2 },
        layers: [],
        annotations: { pad: 'x'.repeat(5 * 1024 * 1024) }
      })
    )
    const big = await pullFromScripted(huge)
    expect(big.code).toBe(1)
    expect(big.stdout).toMatch(/4194304/)
    const notJson = await pullFromScripted(Buffer.from('{"schemaVersion": 2, "layers": [}'))
    expect(notJson.code).toBe(1)
    expect(notJson.stdout).toMatch(/not valid JSON|invalid JSON|JSON/)
  })

  it('neutralises workflow commands in artifact text', async () => {
    await rawArtifact(
      reg.url,
      'hostile/commands',
      'v1',
      [{ bytes: ok, annotations: { [TITLE]: 'x\n::warning::injected-title.bin' } }],
      { 'org.opencontainers.image.description': '\n::error::injected-annotation' }
    )
    for (const command of ['pull', 'inspect']) {
      const sandbox = mkdtempSync(join(work, 'case-'))
      const res = await runAction(
        { command, reference: `${reg.host}/hostile/commands:v1`, output: 'out' },
        { cwd: sandbox }
      )
      for (const line of res.stdout.split('\n')) {
        expect(line).not.toMatch(/^\s*::(warning|error)::injected/)
      }
    }
  })

  /** A registry that serves one manifest (any bytes) under tag v1, to pull with the action. */
  async function pullFromScripted(manifest: Buffer) {
    const digest = sha256(manifest)
    const server: ScriptedServer = await startScriptedServer((req, res) => {
      const headers = {
        'content-type': 'application/vnd.oci.image.manifest.v1+json',
        'docker-content-digest': digest
      }
      if (req.url === '/v2/') return reply(res, 200)
      if (req.url.startsWith('/v2/m/manifests/')) {
        if (req.method === 'HEAD') {
          res.writeHead(200, { ...headers, 'content-length': manifest.length })
          res.end()
          return
        }
        return reply(res, 200, headers, manifest)
      }
      reply(res, 404)
    })
    try {
      const sandbox = mkdtempSync(join(work, 'case-'))
      return await runAction(
        { command: 'pull', reference: `${server.host}/m:v1`, output: 'out', 'plain-http': 'true' },
        { cwd: sandbox }
      )
    } finally {
      await server.close()
    }
  }
})

describe('redirects, secrets and signals (through the fault proxy)', () => {
  let reg: RunningRegistry
  let proxy: FaultProxy
  let storage: StorageHost
  let work: string
  const big = seeded('action-big', 2 * 1024 * 1024 + 11)
  let file: string

  beforeAll(async () => {
    reg = await startRegistry({ auth: 'htpasswd' })
    proxy = await startFaultProxy(reg.host)
    storage = await startStorage(reg.dataDir)
    work = mkdtempSync(join(tmpdir(), 'redirect-'))
    file = join(work, 'model.bin')
    writeFileSync(file, big)
    const push = await runAction(
      {
        command: 'push',
        reference: `${proxy.host}/models/r:v1`,
        files: file,
        username: reg.username!,
        password: reg.password!,
        cache: 'false'
      },
      { cwd: work }
    )
    expect(push.code).toBe(0)
  })
  afterAll(async () => {
    await proxy?.stop()
    await storage?.stop()
    await reg?.stop()
  })

  it('sends no credentials to the storage host and logs no secret, even with debug on', async () => {
    proxy.setRule(r =>
      r.method === 'GET' && /\/blobs\/sha256:/.test(r.path)
        ? { kind: 'redirect', location: storage.urlFor(r.path.split('/blobs/')[1] as string) }
        : undefined
    )
    storage.seen.splice(0)
    const sandbox = mkdtempSync(join(work, 'pull-'))
    const res = await runAction(
      {
        command: 'pull',
        reference: `${proxy.host}/models/r:v1`,
        output: 'out',
        username: reg.username!,
        password: reg.password!,
        cache: 'false'
      },
      { cwd: sandbox, env: { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' } }
    )
    proxy.setRule(undefined)
    expect(res.code).toBe(0)
    expect(storage.seen.length).toBeGreaterThan(0)
    for (const s of storage.seen) {
      expect(s.headers.authorization).toBeUndefined()
      expect(s.headers.cookie).toBeUndefined()
    }
    expect(res.stdout).toMatch(/::debug::/)
    const shown = visible(res.stdout) + res.stderr + res.summary + JSON.stringify(res.outputs)
    const basic = Buffer.from(`${reg.username}:${reg.password}`).toString('base64')
    for (const secret of [reg.password!, basic, 'presigned-secret-sig', 'X-Amz-Signature']) {
      expect(shown).not.toContain(secret)
    }
  })

  it('recovers a whole pull (cache on) from a 503 and a reset mid-blob, byte-identical', async () => {
    let manifests = 0
    let blobs = 0
    proxy.setRule(r => {
      if (r.method === 'GET' && r.path.includes('/manifests/') && ++manifests === 1) {
        return { kind: 'status', status: 503, headers: { 'retry-after': '1' } }
      }
      if (r.method === 'GET' && r.path.includes(sha256(big).slice(7)) && ++blobs === 1) {
        return { kind: 'reset-response', afterBytes: 700 * 1024 }
      }
      return undefined
    })
    proxy.log.splice(0)
    const sandbox = mkdtempSync(join(work, 'recover-'))
    const res = await runAction(
      {
        command: 'pull',
        reference: `${proxy.host}/models/r:v1`,
        output: 'out',
        username: reg.username!,
        password: reg.password!
      },
      { cwd: sandbox, env: { RUNNER_TOOL_CACHE: join(sandbox, 'tool-cache') } }
    )
    proxy.setRule(undefined)
    expect(res.code).toBe(0)
    expect(sha256(readFileSync(join(sandbox, 'out', 'model.bin')))).toBe(sha256(big))
    const gets = proxy.log.filter(r => r.method === 'GET' && r.path.includes(sha256(big).slice(7)))
    expect(gets).toHaveLength(2)
    expect(gets[1]?.headers.range).toMatch(/^bytes=\d+-$/)
    expect(tree(sandbox).filter(isTemp)).toEqual([])
  })

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'stops within seconds on %s mid-download and leaves no temporary behind',
    async signal => {
      proxy.setRule(r =>
        r.method === 'GET' && /\/blobs\/sha256:/.test(r.path)
          ? { kind: 'stall-response', afterBytes: 256 * 1024 }
          : undefined
      )
      const sandbox = mkdtempSync(join(work, 'sig-'))
      const toolCache = join(sandbox, 'tool-cache')
      let child: ChildProcess | undefined
      let stoppedAt = 0
      const running = runAction(
        {
          command: 'pull',
          reference: `${proxy.host}/models/r:v1`,
          output: 'out',
          username: reg.username!,
          password: reg.password!
        },
        {
          cwd: sandbox,
          env: { RUNNER_TOOL_CACHE: toolCache },
          onSpawn: (c: ChildProcess) => (child = c)
        }
      )
      // Wait until the download is under way: a temp file exists somewhere under the sandbox.
      const t0 = Date.now()
      while (!tree(sandbox).some(isTemp) && Date.now() - t0 < 20_000) {
        await new Promise(r => setTimeout(r, 50))
      }
      expect(tree(sandbox).some(isTemp)).toBe(true)
      stoppedAt = Date.now()
      child!.kill(signal)
      const res = await running
      proxy.setRule(undefined)
      expect(Date.now() - stoppedAt).toBeLessThan(3000)
      expect(res.code).not.toBe(0)
      expect(res.stdout).toContain(`Cancelled by ${signal}`)
      expect(tree(sandbox).filter(isTemp)).toEqual([])
      expect(existsSync(join(sandbox, 'out', 'model.bin'))).toBe(false)
    }
  )
})
