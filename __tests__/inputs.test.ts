import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError, parseByteSize, parseFileSpec, parseList, readRequest } from '../src/inputs.js'

const dir = mkdtempSync(join(tmpdir(), 'inputs-'))
const file = join(dir, 'model.safetensors')
writeFileSync(file, 'x')
mkdirSync(join(dir, 'eval'))
const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? ''

describe('parseList and parseFileSpec', () => {
  it('splits lines and commas, drops comments and blanks', () => {
    expect(parseList('a, b\n\n c # note\n# all comment\nd')).toEqual(['a', 'b', 'c', 'd'])
  })
  it('takes a media type suffix only when it looks like one', () => {
    expect(parseFileSpec('files', 'w.bin:application/x-weights')).toEqual({
      path: 'w.bin',
      mediaType: 'application/x-weights'
    })
    expect(parseFileSpec('files', 'C:\\models\\w.bin')).toEqual({ path: 'C:\\models\\w.bin' })
    expect(parseFileSpec('files', 'dir:odd/name.bin')).toEqual({
      path: 'dir',
      mediaType: 'odd/name.bin'
    })
    expect(() => parseFileSpec('files', 'w.bin:bad type/x')).toThrow(/not a valid media type/)
  })
})

describe('readRequest', () => {
  it('reads a push', () => {
    const req = readRequest(
      reader({
        command: 'push',
        reference: 'ghcr.io/acme/m:v1',
        files: `${file}\n${join(dir, 'eval')}/:application/x-eval   # a folder`,
        tags: 'stable, prod',
        annotations: 'a=b=c\n k = v ',
        concurrency: '8'
      })
    )
    expect(req).toMatchObject({
      command: 'push',
      files: [{ path: file }, { path: `${join(dir, 'eval')}/`, mediaType: 'application/x-eval' }],
      tags: ['stable', 'prod'],
      annotations: { a: 'b=c', k: 'v' },
      concurrency: 8,
      imageSpec: 'v1.1',
      dryRun: false
    })
  })

  it('reads tag, copy and tags', () => {
    expect(
      readRequest(reader({ command: 'tag', reference: 'r.io/m:v1', tags: 'production\nstable' }))
    ).toMatchObject({
      command: 'tag',
      tags: ['production', 'stable']
    })
    expect(
      readRequest(reader({ command: 'copy', reference: 'r.io/m:v1', to: 'oci-layout:out' }))
    ).toMatchObject({
      command: 'copy',
      destination: { kind: 'layout', ref: { path: 'out' } },
      tags: [],
      dryRun: false
    })
    expect(readRequest(reader({ command: 'tags', reference: 'r.io/m' }))).toMatchObject({
      command: 'tags'
    })
  })

  it('reads a pull with defaults', () => {
    const req = readRequest(
      reader({ command: 'pull', reference: 'oci-layout:x:v1', include: '*.json' })
    )
    expect(req).toMatchObject({ command: 'pull', include: ['*.json'], output: process.cwd() })
  })

  it.each([
    [
      { command: 'fly', reference: 'a/b' },
      'command',
      /"fly" is not a command: use one of push, pull, tag, copy, tags, inspect/
    ],
    [{ reference: 'a/b' }, 'command', /is required/],
    [{ command: 'pull' }, 'reference', /is required/],
    [{ command: 'pull', reference: 'reg.io/Acme/m' }, 'reference', /lowercase/],
    [{ command: 'pull', reference: 'reg.io/m:bad!' }, 'reference', /invalid tag/],
    [{ command: 'push', reference: 'reg.io/m' }, 'files', /is required/],
    [
      { command: 'push', reference: 'reg.io/m', files: join(dir, 'nope') },
      'files',
      /does not exist/
    ],
    [
      { command: 'push', reference: `reg.io/m@sha256:${'a'.repeat(64)}`, files: file },
      'reference',
      /cannot name a digest/
    ],
    [
      { command: 'push', reference: 'reg.io/m', files: file, 'image-spec': 'v2' },
      'image-spec',
      /use v1.1/
    ],
    [
      { command: 'push', reference: 'reg.io/m', files: file, tags: 'ok,-bad' },
      'tags',
      /not a valid tag/
    ],
    [
      { command: 'push', reference: 'reg.io/m', files: file, annotations: 'novalue' },
      'annotations',
      /key=value/
    ],
    [
      { command: 'push', reference: 'reg.io/m', files: file, 'artifact-type': 'nope' },
      'artifact-type',
      /not a media type/
    ],
    [
      { command: 'push', reference: 'reg.io/m', files: file, config: join(dir, 'eval') },
      'config',
      /not a regular file/
    ],
    [{ command: 'pull', reference: 'reg.io/m', output: file }, 'output', /is not a folder/],
    [
      { command: 'pull', reference: 'reg.io/m', concurrency: '-1' },
      'concurrency',
      /whole number from 1 to 64/
    ],
    [{ command: 'pull', reference: 'reg.io/m', concurrency: '2.5' }, 'concurrency', /whole number/],
    [
      { command: 'pull', reference: 'reg.io/m', 'plain-http': 'yes' },
      'plain-http',
      /true or false/
    ],
    [{ command: 'pull', reference: 'reg.io/m', username: 'u' }, 'password', /together/],
    [{ command: 'tag', reference: 'reg.io/m:v1' }, 'tags', /is required for tag/],
    [{ command: 'tag', reference: 'reg.io/m:v1', tags: 'ok, bad tag' }, 'tags', /not a valid tag/],
    [{ command: 'copy', reference: 'reg.io/m:v1' }, 'to', /is required/],
    [{ command: 'copy', reference: 'reg.io/m:v1', to: 'Other.io/X' }, 'to', /lowercase/]
  ])('refuses %j', (inputs, input, message) => {
    let err: unknown
    try {
      readRequest(reader(inputs as Record<string, string>))
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(InputError)
    expect((err as InputError).input).toBe(input)
    expect((err as Error).message).toMatch(message)
  })
})

describe('cache inputs', () => {
  it.each([
    ['', 10 * 1024 ** 3],
    ['1048576', 1048576],
    ['500MB', 500_000_000],
    ['10GiB', 10 * 1024 ** 3],
    ['2g', 2e9],
    ['1.5 KiB', 1536]
  ])('cache-max-size %j is %d bytes', (value, bytes) => {
    expect(parseByteSize('cache-max-size', value, 10 * 1024 ** 3)).toBe(bytes)
  })

  it.each(['ten', '-1', '5 parsecs', '1e9'])('refuses cache-max-size %j', value => {
    expect(() => parseByteSize('cache-max-size', value, 0)).toThrow(/input "cache-max-size"/)
  })

  it('cache defaults to true and reads false', () => {
    const on = readRequest(reader({ command: 'pull', reference: 'r.io/m:v1' }))
    expect(on).toMatchObject({ cache: true, cacheMaxSize: 10 * 1024 ** 3 })
    const off = readRequest(
      reader({ command: 'pull', reference: 'r.io/m:v1', cache: 'false', 'cache-max-size': '1GB' })
    )
    expect(off).toMatchObject({ cache: false, cacheMaxSize: 1e9 })
    expect(() =>
      readRequest(reader({ command: 'pull', reference: 'r.io/m', cache: 'yes' }))
    ).toThrow(/input "cache"/)
  })
})
