import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, utimesSync, writeFileSync, renameSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DigestMemo, memoDigestFile, RACY_MS } from '../src/oci/store/memo.js'
import { digestBytes } from '../src/oci/digest.js'

const dir = (): string => mkdtempSync(join(tmpdir(), 'memo-'))
const aged = (file: string, content: string | Buffer): void => {
  writeFileSync(file, content)
  const old = new Date(Date.now() - 60_000)
  utimesSync(file, old, old)
}

describe('DigestMemo', () => {
  it('answers from the memo while the file is unchanged, and re-hashes after any change', async () => {
    const d = dir()
    const f = join(d, 'a.bin')
    aged(f, 'hello')
    const memo = DigestMemo.inMemory()
    const first = await memoDigestFile(f, memo)
    expect(first).toEqual({ digest: digestBytes(Buffer.from('hello')), size: 5, remembered: false })
    expect((await memoDigestFile(f, memo)).remembered).toBe(true)

    // Same size, other content, mtime put back: ctime still moves, so it is hashed again.
    const st = await stat(f)
    writeFileSync(f, 'jello')
    utimesSync(f, st.atime, st.mtime)
    const after = await memoDigestFile(f, memo)
    expect(after.remembered).toBe(false)
    expect(after.digest).toBe(digestBytes(Buffer.from('jello')))
  })

  it('notices a file replaced by rename (another inode)', async () => {
    const d = dir()
    const f = join(d, 'a.bin')
    aged(f, 'one')
    const memo = DigestMemo.inMemory()
    await memoDigestFile(f, memo)
    aged(join(d, 'b.bin'), 'two')
    renameSync(join(d, 'b.bin'), f)
    const r = await memoDigestFile(f, memo)
    expect(r).toMatchObject({ remembered: false, digest: digestBytes(Buffer.from('two')) })
  })

  it('does not remember a file modified just before it was hashed (racy), unless trusted', async () => {
    const d = dir()
    const f = join(d, 'fresh.bin')
    writeFileSync(f, 'new')
    const memo = DigestMemo.inMemory()
    await memoDigestFile(f, memo)
    expect((await memoDigestFile(f, memo)).remembered).toBe(false)
    const st = await stat(f, { bigint: true })
    memo.set(f, st, digestBytes(Buffer.from('new')), { trusted: true })
    expect(memo.get(f, st)).toBe(digestBytes(Buffer.from('new')))
    expect(RACY_MS).toBeGreaterThan(0)
  })

  it('persists, merges with a concurrent save, and keeps the most recently used entries', async () => {
    const d = dir()
    const file = join(d, 'memo.json')
    const a = join(d, 'a')
    const b = join(d, 'b')
    aged(a, 'a')
    aged(b, 'b')
    let clock = 1000
    const one = await DigestMemo.load(file, { now: () => clock })
    const two = await DigestMemo.load(file, { now: () => clock })
    await memoDigestFile(a, one)
    clock++
    await memoDigestFile(b, two)
    await one.save()
    await two.save()
    const both = await DigestMemo.load(file)
    expect(both.size).toBe(2)
    expect((await memoDigestFile(a, both)).remembered).toBe(true)

    const small = await DigestMemo.load(file, { maxEntries: 1, now: () => ++clock })
    small.delete(b)
    await small.save()
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).entries)).toEqual([a])
  })

  it('treats an unreadable or foreign memo file as empty', async () => {
    const d = dir()
    const file = join(d, 'memo.json')
    writeFileSync(file, '{not json')
    expect((await DigestMemo.load(file)).size).toBe(0)
    writeFileSync(file, JSON.stringify({ format: 1, entries: { x: ['1', 'evil'] } }))
    expect((await DigestMemo.load(file)).size).toBe(0)
  })
})
