import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  rm,
  symlink,
  utimes,
  writeFile,
  link
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { list, type ReadEntry } from 'tar'
import { digestBytes } from '../src/oci/digest.js'
import { InvalidInputError, NotFoundError } from '../src/oci/errors.js'
import {
  ANNOTATION_CONTENT_DIGEST,
  ANNOTATION_TITLE,
  ANNOTATION_UNPACK,
  FileSource,
  packConfig,
  packFiles
} from '../src/oci/files.js'
import { buildManifest } from '../src/oci/manifest.js'
import { readLimited } from '../src/oci/stream-utils.js'
import { seededBytes, treeDigests, writeModel } from './helpers/model.js'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'files-test-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})
let n = 0
const fresh = async (): Promise<string> => {
  const d = join(root, `d${n++}`)
  await mkdir(d, { recursive: true })
  return d
}

interface Listed {
  path: string
  type: string
  mode?: number
  uid?: number
  gid?: number
  uname?: string
  gname?: string
  mtime?: Date
  linkpath?: string
  size?: number
}

async function entriesOf(tgz: string): Promise<Listed[]> {
  const out: Listed[] = []
  await list({
    file: tgz,
    onReadEntry: (e: ReadEntry) => {
      out.push({
        path: e.path,
        type: e.type,
        mode: e.mode,
        uid: e.uid,
        gid: e.gid,
        uname: e.uname,
        gname: e.gname,
        mtime: e.mtime,
        linkpath: e.linkpath,
        size: e.size
      })
    }
  })
  return out
}

describe('packFiles: files', () => {
  it('names a file layer by its basename, guesses the media type, hashes it', async () => {
    const dir = await fresh()
    const paths = writeModel(dir, 'files-1', 10_000)
    const packed = await packFiles(
      [{ path: paths[0] as string }, { path: paths[2] as string, mediaType: 'application/x-cfg' }],
      { tempDir: await fresh() }
    )
    expect(packed[0]?.descriptor).toEqual({
      mediaType: 'application/vnd.safetensors',
      digest: digestBytes(readFileSync(paths[0] as string)),
      size: 10_000,
      annotations: { [ANNOTATION_TITLE]: 'model-00001-of-00002.safetensors' }
    })
    expect(packed[0]?.sourcePath).toBe(paths[0])
    expect(packed[1]?.descriptor.mediaType).toBe('application/x-cfg')
  })

  it('packs an empty file', async () => {
    const dir = await fresh()
    await writeFile(join(dir, 'EMPTY'), '')
    const [p] = await packFiles([{ path: join(dir, 'EMPTY') }], { tempDir: dir })
    expect(p?.descriptor.size).toBe(0)
    expect(p?.descriptor.digest).toBe(digestBytes(Buffer.alloc(0)))
  })

  it('refuses duplicate titles naming both paths', async () => {
    const a = await fresh()
    const b = await fresh()
    await writeFile(join(a, 'x.json'), '1')
    await writeFile(join(b, 'x.json'), '2')
    const p = packFiles([{ path: join(a, 'x.json') }, { path: join(b, 'x.json') }], {
      tempDir: a
    })
    await expect(p).rejects.toThrow(InvalidInputError)
    await expect(p).rejects.toThrow(new RegExp(`${join(a, 'x.json')} and ${join(b, 'x.json')}`))
  })

  it('refuses a missing path, naming it', async () => {
    const dir = await fresh()
    const missing = join(dir, 'nope.bin')
    await expect(packFiles([{ path: missing }], { tempDir: dir })).rejects.toThrow(
      new RegExp(`${missing} does not exist`)
    )
  })

  it('packConfig makes a descriptor without a title', async () => {
    const dir = await fresh()
    await writeFile(join(dir, 'c.json'), '{"a":1}')
    const c = await packConfig(join(dir, 'c.json'), 'application/vnd.test.config')
    expect(c.descriptor).toEqual({
      mediaType: 'application/vnd.test.config',
      digest: digestBytes(Buffer.from('{"a":1}')),
      size: 7
    })
  })
})

describe('packFiles: folders', () => {
  async function modelFolder(): Promise<string> {
    const dir = await fresh()
    writeModel(dir, 'folder', 5000)
    await mkdir(join(dir, 'eval', 'empty-dir'))
    await writeFile(join(dir, 'eval', 'empty.txt'), '')
    await writeFile(join(dir, 'eval', 'run.sh'), '#!/bin/sh\n')
    await chmod(join(dir, 'eval', 'run.sh'), 0o700)
    await chmod(join(dir, 'eval', 'results.json'), 0o600)
    await symlink('../results.json', join(dir, 'eval', 'plots', 'results-link'))
    return join(dir, 'eval')
  }

  it('writes one tar+gzip layer as oras does, entries prefixed with the folder name', async () => {
    const folder = await modelFolder()
    const [p] = await packFiles([{ path: folder }], { tempDir: await fresh() })
    const desc = p?.descriptor
    expect(desc?.mediaType).toBe('application/vnd.oci.image.layer.v1.tar+gzip')
    expect(desc?.annotations?.[ANNOTATION_TITLE]).toBe('eval')
    expect(desc?.annotations?.[ANNOTATION_UNPACK]).toBe('true')
    const gz = readFileSync(p?.sourcePath as string)
    expect(desc?.digest).toBe(digestBytes(gz))
    expect(desc?.size).toBe(gz.length)
    expect(desc?.annotations?.[ANNOTATION_CONTENT_DIGEST]).toBe(digestBytes(gunzipSync(gz)))
    expect(gz.subarray(0, 10)).toEqual(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]))

    const entries = await entriesOf(p?.sourcePath as string)
    expect(entries.map(e => e.path)).toEqual([
      'eval/',
      'eval/empty-dir/',
      'eval/empty.txt',
      'eval/plots/',
      'eval/plots/loss.bin',
      'eval/plots/results-link',
      'eval/results.json',
      'eval/run.sh'
    ])
    const byPath = Object.fromEntries(entries.map(e => [e.path, e]))
    expect(byPath['eval/']?.mode).toBe(0o755)
    expect(byPath['eval/results.json']?.mode).toBe(0o644)
    expect(byPath['eval/run.sh']?.mode).toBe(0o755)
    expect(byPath['eval/plots/results-link']).toMatchObject({
      type: 'SymbolicLink',
      linkpath: '../results.json'
    })
    for (const e of entries) {
      expect(e.uid).toBe(0)
      expect(e.gid).toBe(0)
      expect(e.uname || '').toBe('')
      expect(e.gname || '').toBe('')
      expect(e.mtime?.getTime()).toBe(0)
    }
  })

  it('packs reproducibly: twice, after touching every mtime, and after copying the folder', async () => {
    const folder = await modelFolder()
    const tmp = await fresh()
    const [a] = await packFiles([{ path: folder }], { tempDir: tmp })
    const [b] = await packFiles([{ path: folder }], { tempDir: tmp })
    expect(b?.descriptor).toEqual(a?.descriptor)
    const later = new Date('2030-01-02T03:04:05Z')
    for (const f of ['results.json', 'plots/loss.bin', 'plots', 'empty-dir', '.']) {
      await utimes(join(folder, f), later, later)
    }
    const [c] = await packFiles([{ path: folder }], { tempDir: tmp })
    expect(c?.descriptor).toEqual(a?.descriptor)
    const copyDir = join(await fresh(), 'eval')
    execFileSync('cp', ['-a', folder, copyDir])
    await chmod(join(copyDir, 'results.json'), 0o664)
    const [d] = await packFiles([{ path: `${copyDir}/` }], { tempDir: tmp })
    expect(d?.descriptor).toEqual(a?.descriptor)
  })

  it('stores hard links as files, and long paths reproducibly', async () => {
    const dir = join(await fresh(), 'deep')
    const long = join(dir, 'x'.repeat(120), 'y'.repeat(120))
    await mkdir(long, { recursive: true })
    await writeFile(join(long, 'z'.repeat(80)), seededBytes('long', 1000))
    await link(join(long, 'z'.repeat(80)), join(dir, 'hard'))
    const tmp = await fresh()
    const [a] = await packFiles([{ path: dir }], { tempDir: tmp })
    const [b] = await packFiles([{ path: dir }], { tempDir: tmp })
    expect(b?.descriptor.digest).toBe(a?.descriptor.digest)
    // Another inode, device and atime for every entry: the pax headers must not carry them.
    const copyDir = join(await fresh(), 'deep')
    execFileSync('cp', ['-r', dir, copyDir])
    const [c] = await packFiles([{ path: copyDir }], { tempDir: tmp })
    expect(c?.descriptor.digest).toBe(a?.descriptor.digest)
    const entries = await entriesOf(a?.sourcePath as string)
    expect(entries.find(e => e.path === 'deep/hard')).toMatchObject({ type: 'File', size: 1000 })
    expect(entries.some(e => e.path.endsWith('z'.repeat(80)))).toBe(true)
  })

  it('GNU tar extracts what we pack, byte for byte', async () => {
    const folder = await modelFolder()
    const [p] = await packFiles([{ path: folder }], { tempDir: await fresh() })
    const out = await fresh()
    execFileSync('tar', ['-xzf', p?.sourcePath as string, '-C', out])
    expect(treeDigests(join(out, 'eval'))).toEqual(treeDigests(folder))
  })

  it('packs an empty folder', async () => {
    const dir = join(await fresh(), 'nothing')
    await mkdir(dir)
    const [p] = await packFiles([{ path: dir }], { tempDir: await fresh() })
    expect((await entriesOf(p?.sourcePath as string)).map(e => e.path)).toEqual(['nothing/'])
  })

  it('refuses symlinks that leave the folder or are absolute, and special files', async () => {
    const tmp = await fresh()
    const out = join(await fresh(), 'out')
    await mkdir(out)
    await symlink('../../etc/passwd', join(out, 'escape'))
    await expect(packFiles([{ path: out }], { tempDir: tmp })).rejects.toThrow(
      /points outside the folder/
    )
    const abs = join(await fresh(), 'abs')
    await mkdir(abs)
    await symlink('/etc/passwd', join(abs, 'l'))
    await expect(packFiles([{ path: abs }], { tempDir: tmp })).rejects.toThrow(/only relative/)
    const fifo = join(await fresh(), 'fifo')
    await mkdir(fifo)
    execFileSync('mkfifo', [join(fifo, 'pipe')])
    await expect(packFiles([{ path: fifo }], { tempDir: tmp })).rejects.toThrow(
      /not a regular file, folder or symlink/
    )
    expect(await readdir(tmp)).toEqual([])
  })
})

describe('FileSource', () => {
  it('fetches files from an offset, in-memory blobs, and resolves the manifest', async () => {
    const dir = await fresh()
    await writeFile(join(dir, 'w.bin'), seededBytes('src', 5000))
    const packed = await packFiles([{ path: join(dir, 'w.bin') }], { tempDir: dir })
    const built = buildManifest({ layers: packed.map(p => p.descriptor) })
    const src = new FileSource(packed, [{ descriptor: built.descriptor, bytes: built.bytes }])
    const layer = packed[0]?.descriptor as (typeof packed)[0]['descriptor']
    expect(await readLimited(await src.fetch(layer, 4000), 1 << 20, 'x')).toEqual(
      seededBytes('src', 5000).subarray(4000)
    )
    expect(await readLimited(await src.fetch(built.descriptor, 2), 1 << 20, 'x')).toEqual(
      built.bytes.subarray(2)
    )
    expect(await src.resolve(built.descriptor.digest)).toEqual(built.descriptor)
    expect(await src.resolve('latest')).toEqual(built.descriptor)
    await expect(src.fetch({ ...layer, digest: digestBytes(Buffer.from('x')) })).rejects.toThrow(
      NotFoundError
    )
  })
})
