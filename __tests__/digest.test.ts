import { describe, expect, it } from '@jest/globals'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { VerifyingStream, digestBytes, digestFile, parseDigest } from '../src/oci/digest.js'
import { DigestMismatchError, UnsupportedError } from '../src/oci/errors.js'

const data = Buffer.from('hello model')
const digest = digestBytes(data)

async function drain(chunks: Buffer[], v: VerifyingStream): Promise<Buffer> {
  const out: Buffer[] = []
  await pipeline(Readable.from(chunks), v, async src => {
    for await (const c of src) out.push(c as Buffer)
  })
  return Buffer.concat(out)
}

describe('digest', () => {
  it('parses sha256 and sha512 and refuses others', () => {
    expect(parseDigest(digest).algorithm).toBe('sha256')
    expect(parseDigest('sha512:' + 'b'.repeat(128)).algorithm).toBe('sha512')
    expect(() => parseDigest('md5:' + 'a'.repeat(32))).toThrow(UnsupportedError)
    expect(() => parseDigest('sha256:' + 'A'.repeat(64))).toThrow(/lowercase hex/)
    expect(() => parseDigest('sha256:abc')).toThrow(/64/)
    expect(() => parseDigest('nocolon')).toThrow(/algorithm:hex/)
  })

  it('hashes files by streaming', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'digest-'))
    writeFileSync(join(dir, 'f'), data)
    expect(await digestFile(join(dir, 'f'))).toEqual({ digest, size: data.length })
  })

  it('passes verified content through', async () => {
    expect(
      await drain([data.subarray(0, 3), data.subarray(3)], new VerifyingStream(digest, data.length))
    ).toEqual(data)
  })

  it('fails on short, long and corrupt content', async () => {
    await expect(
      drain([data.subarray(0, 5)], new VerifyingStream(digest, data.length))
    ).rejects.toThrow(DigestMismatchError)
    await expect(
      drain([data, Buffer.from('x')], new VerifyingStream(digest, data.length))
    ).rejects.toThrow(/more than/)
    const bad = Buffer.from(data)
    bad[0] ^= 1
    await expect(drain([bad], new VerifyingStream(digest, data.length))).rejects.toThrow(
      /expected sha256:/
    )
  })

  it('continues a hash from a resumed offset', async () => {
    const hash = createHash('sha256').update(data.subarray(0, 4))
    const out = await drain(
      [data.subarray(4)],
      new VerifyingStream(digest, data.length, { hash, offset: 4 })
    )
    expect(out).toEqual(data.subarray(4))
  })
})
