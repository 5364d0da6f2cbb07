// A push or copy whose tags already name the manifest costs the tag checks and nothing else: counted
// in the real registry's access log (and the token server's), with the commands run in-process from
// src so the blob cache's memo is used as on a runner.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { copyCommand } from '../../src/commands/copy.js'
import { push } from '../../src/commands/push.js'
import { readRequest, type CopyRequest, type PushRequest } from '../../src/inputs.js'
import type { CommandResult } from '../../src/result.js'
import type { TargetContext } from '../../src/targets.js'
import { startRegistry, type AccessLogEntry, type RunningRegistry } from './harness/index.js'
import { writeModel } from '../helpers/model.js'

const isPing = (e: AccessLogEntry): boolean => e.path === '/v2/'
const line = (e: AccessLogEntry): string => `${e.method} ${e.path} ${e.status}`

describe('push and copy of what the registry already holds', () => {
  let reg: RunningRegistry
  let work: string
  let files: string[]
  const saved: Record<string, string | undefined> = {}
  const info: string[] = []
  const ctx: TargetContext = {
    logger: { debug() {}, info: m => info.push(m), warning() {} },
    mask() {},
    userAgent: 'up-to-date-test'
  }

  /** Runs the command and returns its result with the registry and token requests it made. */
  async function run(
    inputs: Record<string, string>
  ): Promise<{ result: CommandResult; requests: AccessLogEntry[]; tokens: string[][] }> {
    const mark = (await reg.requests()).length
    const tokenMark = reg.tokenServer!.requests().length
    const get = (name: string): string =>
      ({ username: reg.username!, password: reg.password!, ...inputs })[name] ?? ''
    const req = readRequest(get)
    const result =
      req.command === 'push'
        ? await push(req as PushRequest, ctx)
        : await copyCommand(req as CopyRequest, ctx)
    return {
      result,
      requests: (await reg.requests()).slice(mark),
      tokens: reg
        .tokenServer!.requests()
        .slice(tokenMark)
        .map(t => t.scopes)
    }
  }
  const pushModel = (tags: string) =>
    run({
      command: 'push',
      reference: `${reg.host}/models/m:v1`,
      files: files.join('\n'),
      tags
    })

  beforeAll(async () => {
    reg = await startRegistry({ auth: 'token' })
    work = mkdtempSync(join(tmpdir(), 'up-to-date-'))
    files = writeModel(join(work, 'model'), 'up-to-date')
    // A runner's tool cache, so file digests come from the memo; and no GitHub provenance (its
    // `created` annotation would change the manifest on every push).
    for (const name of ['RUNNER_TOOL_CACHE', 'RUNNER_TEMP', 'GITHUB_ACTIONS']) {
      saved[name] = process.env[name]
    }
    process.env.RUNNER_TOOL_CACHE = join(work, 'tool-cache')
    process.env.RUNNER_TEMP = join(work, 'runner-temp')
    mkdirSync(process.env.RUNNER_TEMP)
    delete process.env.GITHUB_ACTIONS
  })
  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    await reg?.stop()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('a second push of an unchanged model sends only a HEAD per tag', async () => {
    const first = await pushModel('stable')
    expect(first.result.upToDate).toBe(false)
    // The check of a new repository shares the push's one token (pull,push asked up front).
    expect(first.tokens).toEqual([['repository:models/m:pull,push']])
    expect(
      first.requests.filter(e => e.method === 'PUT' && e.path.includes('/manifests/'))
    ).toHaveLength(2)

    info.length = 0
    const second = await pushModel('stable')
    expect(second.result.digest).toBe(first.result.digest)
    // Both tags asked at once: one round trip.
    expect(
      second.requests
        .filter(e => !isPing(e))
        .map(line)
        .sort()
    ).toEqual(['HEAD /v2/models/m/manifests/stable 200', 'HEAD /v2/models/m/manifests/v1 200'])
    expect(second.requests.filter(isPing).length).toBeLessThanOrEqual(1)
    expect(second.tokens).toEqual([['repository:models/m:pull,push']])
    // The result says so, with truthful counts: every file already there, nothing transferred.
    expect(second.result.upToDate).toBe(true)
    expect(second.result.transferredBytes).toBe(0)
    expect(second.result.skippedBytes).toBe(first.result.transferredBytes)
    expect(second.result.rows.map(r => r.action)).toEqual(files.map(() => 'already there'))
    // The files' digests came from the memo (a folder is packed again; its tar is hashed as written).
    expect(second.result.cache?.remembered).toBeGreaterThan(128 * 1024)
    expect(info.join('\n')).toContain(`v1, stable already point at ${first.result.digest}`)
  })

  it('a push with one more tag checks the blobs and writes every tag', async () => {
    const r = await pushModel('stable, rc')
    expect(r.result.upToDate).toBe(false)
    const manifests = r.requests.filter(e => e.path.includes('/manifests/')).map(line)
    expect(manifests.slice(0, 3).sort()).toEqual([
      'HEAD /v2/models/m/manifests/rc 404',
      'HEAD /v2/models/m/manifests/stable 200',
      'HEAD /v2/models/m/manifests/v1 200'
    ])
    expect(manifests.slice(3)).toEqual([
      'PUT /v2/models/m/manifests/v1 201',
      'PUT /v2/models/m/manifests/stable 201',
      'PUT /v2/models/m/manifests/rc 201'
    ])
    const blobs = r.requests.filter(e => e.path.includes('/blobs/'))
    expect(blobs.map(e => `${e.method} ${e.status}`)).toEqual(
      Array(files.length + 1).fill('HEAD 200') // every layer and the config, all there
    )
    // Now that rc names it too, the same push is up to date again.
    const again = await pushModel('stable, rc')
    expect(again.result.upToDate).toBe(true)
    expect(again.requests.filter(e => !isPing(e)).map(e => e.method)).toEqual([
      'HEAD',
      'HEAD',
      'HEAD'
    ])
  })

  it('a push of a changed file uploads it and moves the tags', async () => {
    const config = files.find(f => f.endsWith('config.json'))!
    writeFileSync(config, JSON.stringify({ seed: 'changed', hidden_size: 16 }))
    const before = await pushModel('stable')
    expect(before.result.upToDate).toBe(false)
    const r = before.requests
    // The tags name the old manifest: after that check, a normal push.
    expect(
      r
        .filter(e => e.method === 'HEAD' && e.path.includes('/manifests/'))
        .map(line)
        .sort()
    ).toEqual(['HEAD /v2/models/m/manifests/stable 200', 'HEAD /v2/models/m/manifests/v1 200'])
    expect(r.filter(e => e.method === 'POST' && e.path.includes('/blobs/uploads/'))).toHaveLength(1)
    expect(r.filter(e => e.method === 'PUT' && e.path.includes('/blobs/uploads/'))).toHaveLength(1)
    expect(r.filter(e => e.method === 'PUT' && e.path.includes('/manifests/')).map(line)).toEqual([
      'PUT /v2/models/m/manifests/v1 201',
      'PUT /v2/models/m/manifests/stable 201'
    ])
    expect(before.result.rows.find(row => row.name === 'config.json')?.action).toBe('uploaded')
    const again = await pushModel('stable')
    expect(again.result.digest).toBe(before.result.digest)
    expect(again.result.upToDate).toBe(true)
  })

  it('in GitHub Actions, a push stamped with its own time skips the check; a fixed stamp keeps it', async () => {
    process.env.GITHUB_ACTIONS = 'true'
    try {
      const stamped = await pushModel('')
      expect(stamped.result.upToDate).toBe(false)
      expect(
        stamped.requests.filter(e => e.method === 'HEAD' && e.path.includes('/manifests/'))
      ).toEqual([])
      const fixed = () =>
        run({
          command: 'push',
          reference: `${reg.host}/models/m:fixed`,
          files: files.join('\n'),
          annotations: 'org.opencontainers.image.created=2026-01-01T00:00:00Z'
        })
      expect((await fixed()).result.upToDate).toBe(false)
      const again = await fixed()
      expect(again.result.upToDate).toBe(true)
      expect(again.requests.filter(e => !isPing(e)).map(line)).toEqual([
        'HEAD /v2/models/m/manifests/fixed 200'
      ])
    } finally {
      delete process.env.GITHUB_ACTIONS
    }
  })

  it('in GitHub Actions, SOURCE_DATE_EPOCH fixes created: a re-push of the same model is one HEAD', async () => {
    process.env.GITHUB_ACTIONS = 'true'
    process.env.SOURCE_DATE_EPOCH = '1700000000'
    try {
      const pushIt = () =>
        run({ command: 'push', reference: `${reg.host}/models/m:epoch`, files: files.join('\n') })
      const first = await pushIt()
      expect(first.result.upToDate).toBe(false)
      const again = await pushIt()
      expect(again.result.digest).toBe(first.result.digest)
      expect(again.result.upToDate).toBe(true)
      expect(again.requests.filter(e => !isPing(e)).map(line)).toEqual([
        'HEAD /v2/models/m/manifests/epoch 200'
      ])
    } finally {
      delete process.env.GITHUB_ACTIONS
      delete process.env.SOURCE_DATE_EPOCH
    }
  })

  it('a second copy to another repository only checks the destination tag', async () => {
    const copyIt = () =>
      run({ command: 'copy', reference: `${reg.host}/models/m:v1`, to: `${reg.host}/prod/m:v1` })
    const first = await copyIt()
    expect(first.result.upToDate).toBe(false)
    expect(
      first.requests.filter(e => e.method === 'POST' && e.path.includes('mount='))
    ).toHaveLength(files.length + 1)
    const second = await copyIt()
    expect(second.result.upToDate).toBe(true)
    expect(second.result.digest).toBe(first.result.digest)
    expect(second.requests.filter(e => e.path.startsWith('/v2/prod/')).map(line)).toEqual([
      'HEAD /v2/prod/m/manifests/v1 200'
    ])
    // The source is read for the manifest only (resolve and its bytes), never a blob.
    expect(second.requests.filter(e => e.path.includes('/blobs/'))).toEqual([])
    expect(second.result.rows.every(row => row.action === 'already there')).toBe(true)
  })
})
