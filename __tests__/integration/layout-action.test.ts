// The bundled action with no registry at all: an on-disk OCI layout as the target, bad input, and the
// smoke test that dist/index.js starts and reaches our own validation.
import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction } from '../../scripts/run-action.mjs'
import { treeDigests, writeModel } from '../helpers/model.js'
import { skopeo } from '../helpers/skopeo.js'

const work = mkdtempSync(join(tmpdir(), 'layout-action-'))

describe('action on an OCI layout', () => {
  it('starts and reaches its own validation', async () => {
    const r = await runAction({})
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('::error::input "command": is required')
  })

  it('pushes and pulls through a layout, and skopeo reads the layout', async () => {
    const model = join(work, 'model')
    const files = writeModel(model, 'layout')
    const layout = join(work, 'layout')
    const push = await runAction({
      command: 'push',
      reference: `oci-layout:${layout}:v1`,
      files: files.join('\n'),
      tags: 'prod'
    })
    expect(push.code).toBe(0)
    expect(push.outputs.reference).toBe(`oci-layout:${layout}@${push.outputs.digest}`)
    const again = await runAction({
      command: 'push',
      reference: `oci-layout:${layout}:v1`,
      files: files.join('\n')
    })
    expect(again.code).toBe(0)
    expect(again.outputs.digest).toBe(push.outputs.digest) // reproducible, including the folder layer
    expect(again.summary).toMatch(/Transferred:\*\* 0 B/)

    const raw = await skopeo(['inspect', '--raw', `oci:${layout}:prod`])
    expect(raw).toBe(push.outputs.manifest)
    const copied = join(work, 'copied')
    await skopeo(['copy', `oci:${layout}:v1`, `oci:${copied}:v1`])

    const out = join(work, 'out')
    // A temp file a SIGKILLed pull left behind long ago is swept by the next pull.
    mkdirSync(out)
    const leftover = join(out, '.config.json.0123456789abcdef.tmp')
    writeFileSync(leftover, 'partial')
    utimesSync(leftover, new Date(0), new Date(0))
    const pull = await runAction({
      command: 'pull',
      reference: `oci-layout:${copied}:v1`,
      output: out
    })
    expect(pull.code).toBe(0)
    expect(existsSync(leftover)).toBe(false)
    expect(treeDigests(out)).toEqual(treeDigests(model))

    const dry = await runAction({
      command: 'pull',
      reference: `oci-layout:${layout}@${push.outputs.digest}`,
      output: join(work, 'dry'),
      'dry-run': 'true'
    })
    expect(dry.code).toBe(0)
    expect(existsSync(join(work, 'dry')) ? readdirSync(join(work, 'dry')) : []).toEqual([])
    expect(dry.summary).toContain('would download')
  })

  it.each([
    [
      { command: 'push', reference: 'oci-layout:x', files: '/does/not/exist' },
      /input "files": "\/does\/not\/exist" does not exist/
    ],
    [
      { command: 'push', reference: '127.0.0.1:1/Models/x', files: 'README.md' },
      /input "reference": .*must be lowercase/
    ],
    [{ command: 'pull', reference: 'oci-layout:x', concurrency: '-2' }, /input "concurrency"/],
    [
      { command: 'push', reference: 'oci-layout:x', files: 'README.md', 'image-spec': 'v3' },
      /input "image-spec"/
    ],
    [{ command: 'copy-all', reference: 'a/b' }, /input "command": "copy-all" is not a command/]
  ])('refuses %j before any network call', async (inputs, message) => {
    const r = await runAction(inputs, { cwd: process.cwd() })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(message)
  })

  it('refuses an output path that is a file', async () => {
    const file = join(work, 'a-file')
    writeFileSync(file, 'x')
    const r = await runAction({ command: 'pull', reference: 'oci-layout:nowhere:v1', output: file })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/input "output": .* is not a folder/)
  })
})
