import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  symlink,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { create, Header } from 'tar'
import { copy } from '../src/oci/copy.js'
import { digestBytes } from '../src/oci/digest.js'
import { DigestMismatchError, InvalidInputError } from '../src/oci/errors.js'
import { FileSource, packFiles } from '../src/oci/files.js'
import { buildManifest, EMPTY_DESCRIPTOR } from '../src/oci/manifest.js'
import { OutputFolder } from '../src/oci/output/index.js'
import type { ContentOpener, Descriptor } from '../src/oci/target.js'
import { seededBytes, treeDigests, writeModel } from './helpers/model.js'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'output-test-'))
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

const TITLE = 'org.opencontainers.image.title'
const UNPACK = 'io.deis.oras.content.unpack'
const TAR_DIGEST = 'io.deis.oras.content.digest'

const opener =
  (bytes: Buffer): ContentOpener =>
  async offset =>
    Readable.from([bytes.subarray(offset)])

function fileLayer(title: string, bytes: Buffer): Descriptor {
  return {
    mediaType: 'application/octet-stream',
    digest: digestBytes(bytes),
    size: bytes.length,
    annotations: { [TITLE]: title }
  }
}

type EntryType =
  'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'CharacterDevice' | 'BlockDevice' | 'FIFO'

interface RawEntry {
  path: string
  type?: EntryType
  body?: Buffer
  linkpath?: string
  mode?: number
}

/** A tar built from raw headers (tar's Header encoder), so any hostile entry can be expressed. */
function rawTar(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = []
  for (const e of entries) {
    const body = e.body ?? Buffer.alloc(0)
    const type = e.type ?? (e.path.endsWith('/') ? 'Directory' : 'File')
    const h = new Header({
      path: e.path,
      type,
      mode: e.mode ?? (type === 'Directory' ? 0o755 : 0o644),
      size: type === 'File' ? body.length : 0,
      linkpath: e.linkpath,
      uid: 0,
      gid: 0,
      mtime: new Date(0)
    })
    const block = Buffer.alloc(512)
    h.encode(block)
    blocks.push(block)
    if (type === 'File' && body.length) {
      blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512))
    }
  }
  blocks.push(Buffer.alloc(1024))
  return Buffer.concat(blocks)
}

function folderLayer(title: string, tar: Buffer, withTarDigest = true) {
  const gz = gzipSync(tar)
  const descriptor: Descriptor = {
    mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    digest: digestBytes(gz),
    size: gz.length,
    annotations: {
      [TITLE]: title,
      [UNPACK]: 'true',
      ...(withTarDigest ? { [TAR_DIGEST]: digestBytes(tar) } : {})
    }
  }
  return { descriptor, gz, open: opener(gz) }
}

/** An opener whose first `failures` streams break after `cut` bytes. */
function flaky(bytes: Buffer, failures: number, cut: number) {
  const offsets: number[] = []
  const open: ContentOpener = async offset => {
    offsets.push(offset)
    const rest = bytes.subarray(offset)
    if (offsets.length > failures) return Readable.from([rest])
    return new Readable({
      read() {
        this.push(rest.subarray(0, cut))
        this.destroy(new Error('connection reset'))
      }
    })
  }
  return { open, offsets }
}

describe('OutputFolder: round trip', () => {
  it('pack → copy → OutputFolder gives byte-identical files and folders', async () => {
    const src = await fresh()
    const paths = writeModel(src, 'round-trip', 100_000)
    await mkdir(join(src, 'eval', 'empty-dir'))
    await symlink('../results.json', join(src, 'eval', 'plots', 'link'))
    const packed = await packFiles(
      paths.map(path => ({ path })),
      { tempDir: await fresh() }
    )
    const built = buildManifest({ layers: packed.map(p => p.descriptor) })
    const source = new FileSource(packed, [{ descriptor: built.descriptor, bytes: built.bytes }])
    const outDir = join(await fresh(), 'out')
    const out = new OutputFolder(outDir)
    await copy(source, out, built.descriptor)
    expect(treeDigests(outDir)).toEqual(treeDigests(src))
    expect(await readlink(join(outDir, 'eval', 'plots', 'link'))).toBe('../results.json')
    expect((await lstat(join(outDir, 'eval', 'empty-dir'))).isDirectory()).toBe(true)
    expect(readFileSync(join(outDir, 'EMPTY')).length).toBe(0)
    expect((await readdir(outDir)).sort()).toEqual(paths.map(p => p.slice(src.length + 1)).sort())
    const written = out.written()
    expect(written.map(w => w.path)).toEqual(out.writtenPaths())
    expect(written.find(w => w.title === 'eval')).toMatchObject({
      kind: 'directory',
      path: join(outDir, 'eval'),
      unchanged: false,
      size: JSON.stringify({ accuracy: 0.9 }).length + 4096
    })
    expect(written.find(w => w.title === 'config.json')?.kind).toBe('file')

    // A second pull finds everything up to date (folders by re-packing) and writes nothing.
    const again = new OutputFolder(outDir)
    const r = await copy(source, again, built.descriptor)
    const layerEvents = r.events.filter(e => e.descriptor.annotations?.[TITLE])
    expect(layerEvents.map(e => [e.descriptor.annotations?.[TITLE], e.action])).toEqual(
      layerEvents.map(e => [e.descriptor.annotations?.[TITLE], 'skipped'])
    )
    expect(again.written().every(w => w.unchanged)).toBe(true)
    expect(again.writtenPaths()).toEqual(out.writtenPaths())
  })

  it('does not write configs, manifests or layers without a title', async () => {
    const out = new OutputFolder(await fresh())
    expect(await out.exists(EMPTY_DESCRIPTOR)).toBe(true)
    const untitled = { ...fileLayer('x', Buffer.from('x')), annotations: {} }
    expect(await out.push(untitled, opener(Buffer.from('x')))).toBe('existed')
    expect(await readdir(out.root)).toEqual([])
  })

  it('exists() is true only for the same content, hashed', async () => {
    const dir = await fresh()
    const out = new OutputFolder(dir)
    const bytes = seededBytes('exists', 1000)
    const d = fileLayer('w.bin', bytes)
    expect(await out.exists(d)).toBe(false)
    await writeFile(join(dir, 'w.bin'), seededBytes('other', 1000))
    expect(await out.exists(d)).toBe(false)
    await writeFile(join(dir, 'w.bin'), bytes)
    expect(await out.exists(d)).toBe(true)
  })

  it('writes nested titles and resumes a failing file download', async () => {
    const dir = await fresh()
    const out = new OutputFolder(dir)
    const bytes = seededBytes('nested', 300_000)
    const f = flaky(bytes, 2, 100_000)
    await out.push(fileLayer('a/b/c.bin', bytes), f.open)
    expect(f.offsets).toEqual([0, 100_000, 200_000])
    expect(digestBytes(await readFile(join(dir, 'a', 'b', 'c.bin')))).toBe(digestBytes(bytes))
  })

  it('resumes a failing folder download', async () => {
    const dir = await fresh()
    const body = seededBytes('folder-resume', 200_000)
    const l = folderLayer('f', rawTar([{ path: 'f/' }, { path: 'f/x.bin', body }]))
    const f = flaky(l.gz, 1, 50_000)
    await new OutputFolder(dir).push(l.descriptor, f.open)
    expect(f.offsets).toEqual([0, 50_000])
    expect(digestBytes(await readFile(join(dir, 'f', 'x.bin')))).toBe(digestBytes(body))
  })
})

describe('OutputFolder: archives written by other tools', () => {
  it('unpacks a tar made by tar.create with real owners and mtimes, dropping setuid bits', async () => {
    const src = await fresh()
    writeModel(src, 'foreign', 2000)
    const tarPath = join(await fresh(), 'eval.tar')
    await create({ cwd: src, file: tarPath }, ['eval'])
    const tar = readFileSync(tarPath)
    const withSetuid = rawTar([{ path: 'eval/suid', body: Buffer.from('x'), mode: 0o4755 }])
    const combined = Buffer.concat([tar.subarray(0, tar.length - 1024), withSetuid])
    const l = folderLayer('eval', combined)
    const dir = await fresh()
    await new OutputFolder(dir).push(l.descriptor, l.open)
    expect(treeDigests(join(dir, 'eval'))).toMatchObject(treeDigests(join(src, 'eval')))
    expect((await lstat(join(dir, 'eval', 'suid'))).mode & 0o7000).toBe(0)
  })
})

describe('OutputFolder: verification', () => {
  it('a corrupt byte fails with DigestMismatchError and leaves no file', async () => {
    const dir = await fresh()
    const bytes = seededBytes('corrupt', 50_000)
    const bad = Buffer.from(bytes)
    bad[123] = (bad[123] as number) ^ 0xff
    const out = new OutputFolder(dir)
    await expect(out.push(fileLayer('m.bin', bytes), opener(bad))).rejects.toThrow(
      DigestMismatchError
    )
    expect(await readdir(dir)).toEqual([])
    expect(out.writtenPaths()).toEqual([])
  })

  it('an existing file is replaced only after the new content is verified', async () => {
    const dir = await fresh()
    await writeFile(join(dir, 'm.bin'), 'old content')
    const bytes = seededBytes('replace', 5000)
    const bad = Buffer.from(bytes)
    bad[0] = (bad[0] as number) ^ 1
    await expect(
      new OutputFolder(dir).push(fileLayer('m.bin', bytes), opener(bad))
    ).rejects.toThrow(DigestMismatchError)
    expect(await readFile(join(dir, 'm.bin'), 'utf8')).toBe('old content')
    await new OutputFolder(dir).push(fileLayer('m.bin', bytes), opener(bytes))
    expect(digestBytes(await readFile(join(dir, 'm.bin')))).toBe(digestBytes(bytes))
    expect(await readdir(dir)).toEqual(['m.bin'])
  })

  it('a folder layer whose bytes do not match its digest leaves nothing', async () => {
    const dir = await fresh()
    const good = folderLayer('f', rawTar([{ path: 'f/' }, { path: 'f/a', body: Buffer.from('a') }]))
    const other = folderLayer(
      'f',
      rawTar([{ path: 'f/' }, { path: 'f/a', body: Buffer.from('b') }])
    )
    await expect(new OutputFolder(dir).push(good.descriptor, other.open)).rejects.toThrow(
      DigestMismatchError
    )
    expect(await readdir(dir)).toEqual([])
  })

  it('a folder layer whose tar does not match io.deis.oras.content.digest leaves nothing', async () => {
    const dir = await fresh()
    await mkdir(join(dir, 'f'))
    await writeFile(join(dir, 'f', 'keep'), 'previous pull')
    const l = folderLayer('f', rawTar([{ path: 'f/' }, { path: 'f/a', body: Buffer.from('a') }]))
    const lying = {
      ...l.descriptor,
      annotations: { ...l.descriptor.annotations, [TAR_DIGEST]: digestBytes(Buffer.from('x')) }
    }
    await expect(new OutputFolder(dir).push(lying, l.open)).rejects.toThrow(DigestMismatchError)
    expect(await readdir(dir)).toEqual(['f'])
    expect(await readdir(join(dir, 'f'))).toEqual(['keep'])
  })

  it('a corrupt gzip stream fails and leaves nothing', async () => {
    const dir = await fresh()
    const l = folderLayer(
      'f',
      rawTar([{ path: 'f/' }, { path: 'f/a', body: seededBytes('z', 9000) }])
    )
    const bad = Buffer.from(l.gz)
    bad[40] = (bad[40] as number) ^ 0xff
    await expect(new OutputFolder(dir).push(l.descriptor, opener(bad))).rejects.toThrow()
    expect(await readdir(dir)).toEqual([])
  })

  it('a folder without the tar digest annotation is still written (oras-compatible)', async () => {
    const dir = await fresh()
    const l = folderLayer(
      'f/',
      rawTar([{ path: 'f/' }, { path: 'f/a', body: Buffer.from('a') }]),
      false
    )
    await new OutputFolder(dir).push(l.descriptor, l.open)
    expect(await readFile(join(dir, 'f', 'a'), 'utf8')).toBe('a')
  })
})

describe('OutputFolder: hostile titles', () => {
  it.each(['../evil', '/etc/passwd', 'C:\\evil', 'a/../../evil', 'a\\b', '', 'x\u0000y'])(
    'refuses the title %j and writes nothing',
    async title => {
      const parent = await fresh()
      const dir = join(parent, 'out')
      const bytes = Buffer.from('payload')
      const out = new OutputFolder(dir)
      await expect(out.exists(fileLayer(title, bytes))).rejects.toThrow(InvalidInputError)
      await expect(out.push(fileLayer(title, bytes), opener(bytes))).rejects.toThrow(
        InvalidInputError
      )
      expect(await readdir(parent)).toEqual([])
    }
  )

  it('refuses to write through a symlink in the output folder', async () => {
    const dir = await fresh()
    const elsewhere = await fresh()
    await symlink(elsewhere, join(dir, 'link'))
    await symlink(join(elsewhere, 'target'), join(dir, 'file-link'))
    const bytes = Buffer.from('payload')
    await writeFile(join(elsewhere, 'x'), bytes)
    await expect(new OutputFolder(dir).exists(fileLayer('link/x', bytes))).rejects.toThrow(
      /symlink/
    )
    const push = (d: Descriptor, o: ContentOpener) => new OutputFolder(dir).push(d, o)
    await expect(push(fileLayer('link/x', bytes), opener(bytes))).rejects.toThrow(/symlink/)
    await expect(push(fileLayer('file-link', bytes), opener(bytes))).rejects.toThrow(/symlink/)
    const l = folderLayer('link', rawTar([{ path: 'link/' }]))
    await expect(push(l.descriptor, l.open)).rejects.toThrow(/symlink/)
    expect(await readdir(elsewhere)).toEqual(['x'])
  })

  it('refuses two layers that would write the same place', async () => {
    const dir = await fresh()
    const out = new OutputFolder(dir)
    await out.push(fileLayer('a', Buffer.from('1')), opener(Buffer.from('1')))
    await expect(
      out.push(fileLayer('a', Buffer.from('2')), opener(Buffer.from('2')))
    ).rejects.toThrow(/would write the same place/)
    await expect(
      out.push(fileLayer('a/b', Buffer.from('3')), opener(Buffer.from('3')))
    ).rejects.toThrow(/would write the same place/)
  })
})

describe('OutputFolder: hostile folder layers', () => {
  // An absolute path no one else writes: the escape must not create it.
  const ABSOLUTE = '/tmp/oci-model-action-escape-probe'
  const cases: [string, RawEntry[], RegExp][] = [
    [
      'dot-dot path',
      [{ path: 'f/' }, { path: 'f/../x', body: Buffer.from('x') }],
      /"\.\." component/
    ],
    ['leading dot-dot', [{ path: '../x', body: Buffer.from('x') }], /"\.\." component/],
    ['absolute path', [{ path: ABSOLUTE, body: Buffer.from('x') }], /absolute/],
    [
      'outside the prefix',
      [{ path: 'f/' }, { path: 'g/x', body: Buffer.from('x') }],
      /outside the folder "f\/"/
    ],
    ['prefix look-alike', [{ path: 'ff/x', body: Buffer.from('x') }], /outside the folder/],
    ['backslash', [{ path: 'f\\..\\..\\x', body: Buffer.from('x') }], /backslash/],
    [
      'symlink escape',
      [{ path: 'f/' }, { path: 'f/l', type: 'SymbolicLink', linkpath: '../../etc' }],
      /points outside/
    ],
    [
      'absolute symlink',
      [{ path: 'f/' }, { path: 'f/l', type: 'SymbolicLink', linkpath: '/etc/passwd' }],
      /points outside/
    ],
    [
      'hardlink escape',
      [{ path: 'f/' }, { path: 'f/h', type: 'Link', linkpath: '../etc/passwd' }],
      /points outside|"\.\."/
    ],
    [
      'hardlink outside prefix',
      [{ path: 'f/' }, { path: 'f/h', type: 'Link', linkpath: 'g/secret' }],
      /points outside/
    ],
    [
      'write below a symlink',
      [
        { path: 'f/' },
        { path: 'f/l', type: 'SymbolicLink', linkpath: '.' },
        { path: 'f/l/x', body: Buffer.from('x') }
      ],
      /below a symlink/
    ],
    [
      'symlink through symlink',
      [
        { path: 'f/' },
        { path: 'f/a/' },
        { path: 'f/x', type: 'SymbolicLink', linkpath: 'a/b/..' },
        { path: 'f/a/b', type: 'SymbolicLink', linkpath: '..' }
      ],
      /through another symlink/
    ],
    [
      'character device',
      [{ path: 'f/' }, { path: 'f/tty', type: 'CharacterDevice' }],
      /CharacterDevice/
    ],
    ['block device', [{ path: 'f/' }, { path: 'f/sda', type: 'BlockDevice' }], /BlockDevice/],
    ['fifo', [{ path: 'f/' }, { path: 'f/p', type: 'FIFO' }], /FIFO/],
    ['title is a file', [{ path: 'f', body: Buffer.from('x') }], /not a folder/]
  ]

  it.each(cases)('refuses a tar with %s and leaves nothing', async (_name, entries, message) => {
    const parent = await fresh()
    const dir = join(parent, 'out')
    await mkdir(dir)
    const l = folderLayer('f', rawTar(entries))
    const p = new OutputFolder(dir).push(l.descriptor, l.open)
    await expect(p).rejects.toThrow(InvalidInputError)
    await expect(new OutputFolder(dir).push(l.descriptor, l.open)).rejects.toThrow(message)
    expect(await readdir(dir)).toEqual([])
    expect(await readdir(parent)).toEqual(['out'])
    expect(existsSync(ABSOLUTE)).toBe(false)
  })

  it('limits the number of entries', async () => {
    const dir = await fresh()
    const entries: RawEntry[] = [{ path: 'f/' }]
    for (let i = 0; i < 20; i++) entries.push({ path: `f/${i}`, body: Buffer.from('x') })
    const l = folderLayer('f', rawTar(entries))
    await expect(
      new OutputFolder(dir, { maxEntries: 10 }).push(l.descriptor, l.open)
    ).rejects.toThrow(/more than 10 entries/)
    expect(await readdir(dir)).toEqual([])
  })

  it('refuses a gzip bomb by expansion ratio and by absolute cap', async () => {
    const dir = await fresh()
    const tar = rawTar([{ path: 'f/' }, { path: 'f/zeros', body: Buffer.alloc(8 << 20) }])
    const l = folderLayer('f', tar)
    expect(l.gz.length).toBeLessThan(20_000)
    await expect(
      new OutputFolder(dir, { maxExpansionRatio: 50 }).push(l.descriptor, l.open)
    ).rejects.toThrow(/archive bomb/)
    await expect(
      new OutputFolder(dir, { maxUnpackedBytes: 4 << 20 }).push(l.descriptor, l.open)
    ).rejects.toThrow(/more than 4194304 bytes/)
    expect(await readdir(dir)).toEqual([])
    await new OutputFolder(dir, { maxExpansionRatio: 10_000 }).push(l.descriptor, l.open)
    expect((await lstat(join(dir, 'f', 'zeros'))).size).toBe(8 << 20)
  })

  it('refuses a default-limits gzip bomb (zeros compress over 1000×)', async () => {
    const dir = await fresh()
    const l = folderLayer(
      'f',
      rawTar([{ path: 'f/' }, { path: 'f/z', body: Buffer.alloc(96 << 20) }])
    )
    await expect(new OutputFolder(dir).push(l.descriptor, l.open)).rejects.toThrow(/archive bomb/)
    expect(await readdir(dir)).toEqual([])
  })
})
