// The action as users run it: `node dist/index.js` with INPUT_* variables, against real
// docker-registry servers (plain, htpasswd, token auth), with skopeo as the interop peer.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, mkdirSync, writeFileSync, existsSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction } from '../../scripts/run-action.mjs'
import { startRegistry, type RunningRegistry } from './harness/index.js'
import { treeDigests, writeModel } from '../helpers/model.js'
import { skopeo } from '../helpers/skopeo.js'

const modes = ['none', 'htpasswd', 'token'] as const

/** The log as a reader sees it: `::add-mask::` lines are consumed by the runner, never shown. */
const visible = (log: string): string =>
  log
    .split('\n')
    .filter(l => !l.startsWith('::add-mask::'))
    .join('\n')

describe.each(modes)('action against a registry with auth=%s', mode => {
  let reg: RunningRegistry
  let work: string
  let model: string
  let files: string[]
  let creds: Record<string, string>
  let skopeoCreds: string[]

  beforeAll(async () => {
    reg = await startRegistry({ auth: mode })
    work = mkdtempSync(join(tmpdir(), `action-${mode}-`))
    model = join(work, 'model')
    files = writeModel(model, mode)
    creds = reg.username ? { username: reg.username, password: reg.password! } : {}
    skopeoCreds = reg.username ? [`--creds=${reg.username}:${reg.password}`] : []
  })
  afterAll(async () => {
    await reg?.stop()
  })

  it('pushes a model folder that skopeo reads, and pulls it back byte-identical', async () => {
    const ref = `${reg.host}/models/sentiment:v1`
    const push = await runAction({
      command: 'push',
      reference: ref,
      files: files.join('\n'),
      tags: 'stable, candidate',
      ...creds
    })
    expect(push.stderr).toBe('')
    expect(push.code).toBe(0)
    expect(push.outputs.digest).toMatch(/^sha256:[a-f0-9]{64}$/)
    expect(push.outputs.reference).toBe(`${reg.host}/models/sentiment@${push.outputs.digest}`)
    expect(JSON.parse(push.outputs.tags!)).toEqual(['v1', 'stable', 'candidate'])
    expect(push.summary).toContain(push.outputs.digest)
    expect(push.summary).toContain('model-00001-of-00002.safetensors')
    if (reg.password)
      expect(visible(push.stdout) + push.summary + JSON.stringify(push.outputs)).not.toContain(
        reg.password
      )

    // skopeo sees the same manifest under every tag.
    for (const tag of ['v1', 'stable', 'candidate']) {
      const raw = await skopeo([
        'inspect',
        '--raw',
        '--tls-verify=false',
        ...skopeoCreds,
        `docker://${reg.host}/models/sentiment:${tag}`
      ])
      expect(raw).toBe(push.outputs.manifest)
    }
    const manifest = JSON.parse(push.outputs.manifest!)
    expect(
      manifest.layers.map(
        (l: { annotations: Record<string, string> }) =>
          l.annotations['org.opencontainers.image.title']
      )
    ).toEqual([
      'model-00001-of-00002.safetensors',
      'model-00002-of-00002.safetensors',
      'config.json',
      'tokenizer.json',
      'EMPTY',
      'eval'
    ])

    const out = join(work, 'pulled')
    const pull = await runAction({ command: 'pull', reference: ref, output: out, ...creds })
    expect(pull.code).toBe(0)
    expect(pull.outputs.digest).toBe(push.outputs.digest)
    expect(treeDigests(out)).toEqual(treeDigests(model))
    expect(JSON.parse(pull.outputs.files!).length).toBeGreaterThanOrEqual(6)
    expect(pull.summary).toContain('eval')
  })

  it('pulls only the included files, by digest', async () => {
    const ref = `${reg.host}/models/sentiment:v1`
    const inspect = await runAction({ command: 'inspect', reference: ref, ...creds })
    expect(inspect.code).toBe(0)
    const out = join(work, 'json-only')
    const before = (await reg.requests()).length
    const pull = await runAction({
      command: 'pull',
      reference: `${reg.host}/models/sentiment@${inspect.outputs.digest}`,
      output: out,
      include: '*.json',
      ...creds
    })
    expect(pull.code).toBe(0)
    expect(readdirSync(out).sort()).toEqual(['config.json', 'tokenizer.json'])
    const blobGets = (await reg.requests())
      .slice(before)
      .filter(r => r.method === 'GET' && r.path.includes('/blobs/'))
    expect(blobGets).toHaveLength(2)
  })

  it('pulls what skopeo copied in from an OCI layout', async () => {
    const ours = `${reg.host}/models/sentiment:v1`
    const layout = join(work, 'skopeo-layout')
    await skopeo([
      'copy',
      '--src-tls-verify=false',
      ...skopeoCreds.map(c => c.replace('--creds', '--src-creds')),
      `docker://${ours}`,
      `oci:${layout}:copied`
    ])
    await skopeo([
      'copy',
      '--dest-tls-verify=false',
      ...skopeoCreds.map(c => c.replace('--creds', '--dest-creds')),
      `oci:${layout}:copied`,
      `docker://${reg.host}/models/by-skopeo:v1`
    ])
    const out = join(work, 'from-skopeo')
    const pull = await runAction({
      command: 'pull',
      reference: `${reg.host}/models/by-skopeo:v1`,
      output: out,
      ...creds
    })
    expect(pull.code).toBe(0)
    expect(treeDigests(out)).toEqual(treeDigests(model))
    const fromLayout = join(work, 'from-layout')
    const pull2 = await runAction({
      command: 'pull',
      reference: `oci-layout:${layout}:copied`,
      output: fromLayout
    })
    expect(pull2.code).toBe(0)
    expect(treeDigests(fromLayout)).toEqual(treeDigests(model))
  })

  it('says a missing tag is not found and names the tags that exist', async () => {
    const out = join(work, 'missing')
    const pull = await runAction({
      command: 'pull',
      reference: `${reg.host}/models/sentiment:v9`,
      output: out,
      ...creds
    })
    expect(pull.code).not.toBe(0)
    expect(pull.stdout).toMatch(/tag "v9" not found in .*models\/sentiment/)
    expect(pull.stdout).toMatch(/Closest tags that exist: v1/)
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([])
  })

  if (mode !== 'none') {
    it('uses the docker config when no username/password is given, and fails clearly without it', async () => {
      const config = join(work, 'docker-config')
      mkdirSync(config, { recursive: true })
      writeFileSync(
        join(config, 'config.json'),
        JSON.stringify({
          auths: {
            [reg.host]: { auth: Buffer.from(`${reg.username}:${reg.password}`).toString('base64') }
          }
        })
      )
      const out = join(work, 'via-config')
      const ok = await runAction(
        { command: 'pull', reference: `${reg.host}/models/sentiment:v1`, output: out },
        { env: { DOCKER_CONFIG: config } }
      )
      expect(ok.code).toBe(0)
      expect(ok.stdout).toContain('docker config')
      const denied = await runAction(
        {
          command: 'pull',
          reference: `${reg.host}/models/sentiment:v1`,
          output: join(work, 'anon')
        },
        { env: { DOCKER_CONFIG: join(work, 'none') } }
      )
      expect(denied.code).not.toBe(0)
      expect(denied.stdout).toMatch(/401|unauthori[sz]ed|credentials/i)
      const wrong = await runAction({
        command: 'inspect',
        reference: `${reg.host}/models/sentiment:v1`,
        username: reg.username!,
        password: 'wrong-password'
      })
      expect(wrong.code).not.toBe(0)
      expect(visible(wrong.stdout)).not.toContain('wrong-password')
      expect(wrong.stdout).toContain('::add-mask::wrong-password')
    })
  }
})
