// Promotion jobs against real registries: tag without moving blobs, copy within a registry (mount),
// across registries with different credentials, to and from an OCI layout, tag an index, list tags.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction } from '../../scripts/run-action.mjs'
import { startRegistry, type RunningRegistry } from './harness/index.js'
import { treeDigests, writeModel } from '../helpers/model.js'

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
const isBlobWrite = (r: { method: string; path: string }) =>
  ['POST', 'PUT', 'PATCH'].includes(r.method) && r.path.includes('/blobs/')

describe('promotion: tag, copy, tags', () => {
  let a: RunningRegistry // htpasswd: the source registry
  let b: RunningRegistry // token auth: another registry
  let work: string
  let model: string
  let files: string[]
  let aCreds: Record<string, string>
  let v1: string

  beforeAll(async () => {
    ;[a, b] = await Promise.all([
      startRegistry({ auth: 'htpasswd' }),
      startRegistry({ auth: 'token' })
    ])
    work = mkdtempSync(join(tmpdir(), 'promotion-'))
    model = join(work, 'model')
    files = writeModel(model, 'promotion')
    aCreds = { username: a.username!, password: a.password! }
    const push = await runAction({
      command: 'push',
      reference: `${a.host}/models/m:v1`,
      files: files.join('\n'),
      ...aCreds
    })
    expect(push.code).toBe(0)
    v1 = push.outputs.digest!
  })
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()])
  })

  it('tags v1 as production and stable without sending a blob', async () => {
    const before = (await a.requests()).length
    const r = await runAction({
      command: 'tag',
      reference: `${a.host}/models/m:v1`,
      tags: 'production, stable',
      ...aCreds
    })
    expect(r.code).toBe(0)
    expect(r.outputs.digest).toBe(v1)
    expect(JSON.parse(r.outputs.tags!)).toEqual(['production', 'stable'])
    const during = (await a.requests()).slice(before)
    expect(during.filter(isBlobWrite)).toEqual([])
    expect(
      during
        .filter(q => q.method === 'PUT' && q.path.includes('/manifests/'))
        .map(q => q.path.split('/').pop())
    ).toEqual(['production', 'stable'])
    for (const t of ['v1', 'production', 'stable']) {
      const i = await runAction({
        command: 'inspect',
        reference: `${a.host}/models/m:${t}`,
        ...aCreds
      })
      expect(i.outputs.digest).toBe(v1)
    }
  })

  it('copies to another repository of the same registry by mounting, sending no blob data', async () => {
    const before = (await a.requests()).length
    const r = await runAction({
      command: 'copy',
      reference: `${a.host}/models/m:v1`,
      to: `${a.host}/prod/m`,
      ...aCreds
    })
    expect(r.code).toBe(0)
    expect(r.outputs.digest).toBe(v1)
    expect(JSON.parse(r.outputs.tags!)).toEqual(['v1'])
    const during = (await a.requests()).slice(before)
    const mounts = during.filter(q => q.method === 'POST' && q.path.includes('mount='))
    expect(mounts.length).toBe(files.length + 1) // every layer and the config
    expect(mounts.every(q => q.status === 201)).toBe(true)
    expect(
      during.filter(q => (q.method === 'PUT' || q.method === 'PATCH') && q.path.includes('/blobs/'))
    ).toEqual([])
    expect(during.filter(q => q.method === 'GET' && q.path.includes('/blobs/'))).toEqual([])
    expect(r.summary).toContain('mounted')
  })

  it('copies to another registry with other credentials, digest preserved, then pulls it', async () => {
    // Source credentials from the docker config, destination credentials from username/password.
    const config = join(work, 'docker-config')
    mkdirSync(config, { recursive: true })
    writeFileSync(
      join(config, 'config.json'),
      JSON.stringify({
        auths: { [a.host]: { auth: Buffer.from(`${a.username}:${a.password}`).toString('base64') } }
      })
    )
    const r = await runAction(
      {
        command: 'copy',
        reference: `${a.host}/models/m:v1`,
        to: `${b.host}/mirror/m:v1`,
        tags: 'production',
        username: b.username!,
        password: b.password!
      },
      { env: { DOCKER_CONFIG: config } }
    )
    expect(r.stdout).not.toContain('::error::')
    expect(r.code).toBe(0)
    expect(r.outputs.digest).toBe(v1)
    expect(r.outputs.reference).toBe(`${b.host}/mirror/m@${v1}`)
    const again = await runAction(
      {
        command: 'copy',
        reference: `${a.host}/models/m:v1`,
        to: `${b.host}/mirror/m:v1`,
        username: b.username!,
        password: b.password!
      },
      { env: { DOCKER_CONFIG: config } }
    )
    expect(again.code).toBe(0)
    expect(again.summary).toMatch(/Transferred:\*\* 0 B/)
    const out = join(work, 'from-b')
    const pull = await runAction({
      command: 'pull',
      reference: `${b.host}/mirror/m:production`,
      output: out,
      username: b.username!,
      password: b.password!
    })
    expect(pull.code).toBe(0)
    expect(treeDigests(out)).toEqual(treeDigests(model))
  })

  it('exports to an OCI layout and imports from it', async () => {
    const layout = join(work, 'airgap')
    const exp = await runAction({
      command: 'copy',
      reference: `${a.host}/models/m:v1`,
      to: `oci-layout:${layout}`,
      ...aCreds
    })
    expect(exp.code).toBe(0)
    expect(exp.outputs.digest).toBe(v1)
    const imp = await runAction({
      command: 'copy',
      reference: `oci-layout:${layout}:v1`,
      to: `${a.host}/imported/m:v1`,
      ...aCreds
    })
    expect(imp.code).toBe(0)
    expect(imp.outputs.digest).toBe(v1)
    const listed = await runAction({ command: 'tags', reference: `oci-layout:${layout}` })
    expect(JSON.parse(listed.outputs.tags!)).toEqual(['v1'])
  })

  it('tags and copies an index', async () => {
    const push2 = await runAction({
      command: 'push',
      reference: `${a.host}/models/m:v2`,
      files: files.slice(2, 4).join('\n'),
      ...aCreds
    })
    expect(push2.code).toBe(0)
    const manifests = [v1, push2.outputs.digest!].map((digest, i) => ({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest,
      size: 0,
      platform: { os: 'linux', architecture: i === 0 ? 'amd64' : 'arm64' }
    }))
    // Sizes come from inspecting each manifest.
    for (const [i, ref] of [`${a.host}/models/m:v1`, `${a.host}/models/m:v2`].entries()) {
      const inspect = await runAction({ command: 'inspect', reference: ref, ...aCreds })
      manifests[i]!.size = Buffer.byteLength(inspect.outputs.manifest!)
    }
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }))
    const digest = `sha256:${createHash('sha256').update(index).digest('hex')}`
    const auth = `Basic ${Buffer.from(`${a.username}:${a.password}`).toString('base64')}`
    const put = await fetch(`http://${a.host}/v2/models/m/manifests/multi`, {
      method: 'PUT',
      headers: { 'content-type': OCI_INDEX, authorization: auth },
      body: index
    })
    expect(put.status).toBe(201)
    const before = (await a.requests()).length
    const tag = await runAction({
      command: 'tag',
      reference: `${a.host}/models/m:multi`,
      tags: 'multi-prod',
      ...aCreds
    })
    expect(tag.code).toBe(0)
    expect(tag.outputs.digest).toBe(digest)
    expect((await a.requests()).slice(before).filter(isBlobWrite)).toEqual([])
    const copy = await runAction({
      command: 'copy',
      reference: `${a.host}/models/m:multi`,
      to: `oci-layout:${join(work, 'index-layout')}`,
      ...aCreds
    })
    expect(copy.code).toBe(0)
    expect(copy.outputs.digest).toBe(digest)
    const pull = await runAction({
      command: 'pull',
      reference: `${a.host}/models/m:multi`,
      output: join(work, 'idx'),
      ...aCreds
    })
    expect(pull.code).toBe(1)
    expect(pull.stdout).toMatch(/index of 2 manifests .*linux\/amd64.*pull one of them by digest/)
  })

  it('lists more than 100 tags', async () => {
    const many = Array.from({ length: 150 }, (_, i) => `build-${i}`)
    const tag = await runAction({
      command: 'tag',
      reference: `${a.host}/models/m:v1`,
      tags: many.join(','),
      ...aCreds
    })
    expect(tag.code).toBe(0)
    const list = await runAction({ command: 'tags', reference: `${a.host}/models/m`, ...aCreds })
    expect(list.code).toBe(0)
    const tags = JSON.parse(list.outputs.tags!) as string[]
    expect(tags).toEqual(
      expect.arrayContaining([...many, 'v1', 'v2', 'production', 'stable', 'multi'])
    )
    expect(list.summary).toContain('tag(s) in')
  })

  it('reports a missing tag with the tags that exist', async () => {
    const r = await runAction({
      command: 'copy',
      reference: `${a.host}/models/m:v1.0`,
      to: `${a.host}/prod/m`,
      ...aCreds
    })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(
      /tag "v1.0" not found in 127\.0\.0\.1:\d+\/models\/m\. Closest tags that exist: v1, v2, /
    )
  })
})
