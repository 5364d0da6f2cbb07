/**
 * fillFile through writeVerifiedFile: a large blob fetched as parallel byte ranges (small thresholds
 * here), each range resumed alone, bytes that arrive ahead of the hash frontier read back, a source
 * that ignores Range served as one stream, and a wrong byte caught with nothing left behind.
 */
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { createHash } from 'node:crypto'
import { digestBytes } from '../src/oci/digest.js'
import { DigestMismatchError } from '../src/oci/errors.js'
import type { ParallelSource } from '../src/oci/target.js'
import { writeVerifiedFile } from '../src/oci/verified-write.js'

const KiB = 1024
const data = Buffer.concat(
  Array.from({ length: 40 }, (_, i) => createHash('sha256').update(`block ${i}`).digest())
).subarray(0, 1000)
const big = Buffer.concat(Array.from({ length: 300 }, () => data)).subarray(0, 300_003)
const desc = { mediaType: 'application/octet-stream', digest: digestBytes(big), size: big.length }

/** Streams `bytes` in 8 KiB chunks, optionally failing after `failAfter` bytes or after a delay. */
function chunked(bytes: Buffer, opts: { failAfter?: number; delayMs?: number } = {}): Readable {
  return Readable.from(
    (async function* () {
      if (opts.delayMs) await new Promise(r => setTimeout(r, opts.delayMs))
      for (let i = 0; i < bytes.length; i += 8 * KiB) {
        if (opts.failAfter !== undefined && i >= opts.failAfter) {
          throw Object.assign(new Error('connection reset'), { code: 'ECONNRESET' })
        }
        yield bytes.subarray(i, i + 8 * KiB)
      }
    })()
  )
}

/** A ParallelSource over `bytes` with `slots` extra connections, recording every range opened. */
function ranged(
  bytes: Buffer,
  slots: number,
  fault: (
    start: number,
    end: number,
    n: number
  ) => { failAfter?: number; delayMs?: number } = () => ({})
) {
  const opened: string[] = []
  let free = slots
  let busiest = 0
  let busy = 1
  const source: ParallelSource = {
    threshold: 64 * KiB,
    partSize: 40 * KiB,
    open: async (start, end) => {
      opened.push(`${start}-${end}`)
      return chunked(bytes.subarray(start, end), fault(start, end, opened.length))
    },
    extraConnection: () => {
      if (free === 0) return undefined
      free--
      busiest = Math.max(busiest, ++busy)
      return () => {
        free++
        busy--
      }
    }
  }
  return { source, opened, busiest: () => busiest, free: () => free }
}

const plain = async (offset: number): Promise<Readable> => chunked(big.subarray(offset))
const fresh = (): string => mkdtempSync(join(tmpdir(), 'fill-'))

describe('a blob fetched as parallel ranges', () => {
  it('writes every range in place, over the extra connections, and verifies the whole', async () => {
    const dir = fresh()
    const r = ranged(big, 3)
    await writeVerifiedFile(join(dir, 'm.bin'), desc, plain, { parallel: r.source })
    expect(digestBytes(readFileSync(join(dir, 'm.bin')))).toBe(desc.digest)
    expect(r.opened).toHaveLength(Math.ceil(big.length / (40 * KiB)))
    expect(new Set(r.opened).size).toBe(r.opened.length)
    expect(r.busiest()).toBe(4)
    expect(r.free()).toBe(3)
    expect(readdirSync(dir)).toEqual(['m.bin'])
  })

  it('keeps a blob on one connection when its first range arrives fast enough', async () => {
    const dir = fresh()
    const r = ranged(big, 3)
    r.source.fastConnection = 1 // bytes per second: any source is faster
    await writeVerifiedFile(join(dir, 'm.bin'), desc, plain, { parallel: r.source })
    expect(digestBytes(readFileSync(join(dir, 'm.bin')))).toBe(desc.digest)
    expect(r.busiest()).toBe(0) // no extra connection was ever taken
    expect(r.opened).toEqual([`0-${40 * KiB}`, `${40 * KiB}-${big.length}`]) // the rest as one range
  })

  it('splits a blob whose first range arrives slower than fastConnection', async () => {
    const dir = fresh()
    const r = ranged(big, 3, () => ({ delayMs: 5 }))
    r.source.fastConnection = Number.MAX_SAFE_INTEGER
    await writeVerifiedFile(join(dir, 'm.bin'), desc, plain, { parallel: r.source })
    expect(digestBytes(readFileSync(join(dir, 'm.bin')))).toBe(desc.digest)
    expect(r.busiest()).toBeGreaterThan(1)
  })

  it('hashes ranges that arrive ahead of the first one (read back from the file)', async () => {
    const dir = fresh()
    const r = ranged(big, 4, start => (start === 0 ? { delayMs: 50 } : {}))
    await writeVerifiedFile(join(dir, 'm.bin'), desc, plain, { parallel: r.source })
    expect(digestBytes(readFileSync(join(dir, 'm.bin')))).toBe(desc.digest)
  })

  it('resumes a failed range alone, from the bytes it had written', async () => {
    const dir = fresh()
    const failing = 2 * 40 * KiB
    let failed = false
    const r = ranged(big, 2, start => {
      if (start !== failing || failed) return {}
      failed = true
      return { failAfter: 16 * KiB }
    })
    await writeVerifiedFile(join(dir, 'm.bin'), desc, plain, { parallel: r.source })
    expect(digestBytes(readFileSync(join(dir, 'm.bin')))).toBe(desc.digest)
    const again = r.opened.filter(o => o.endsWith(`-${failing + 40 * KiB}`))
    expect(again).toEqual([
      `${failing}-${failing + 40 * KiB}`,
      `${failing + 16 * KiB}-${failing + 40 * KiB}`
    ])
    expect(r.opened).toHaveLength(Math.ceil(big.length / (40 * KiB)) + 1)
  })

  it('falls back to one stream when the source ignores Range', async () => {
    const dir = fresh()
    const r = ranged(big, 3)
    const source = { ...r.source, open: async () => undefined }
    const offsets: number[] = []
    await writeVerifiedFile(
      join(dir, 'm.bin'),
      desc,
      async offset => {
        offsets.push(offset)
        return plain(offset)
      },
      { parallel: source }
    )
    expect(offsets).toEqual([0])
    expect(digestBytes(readFileSync(join(dir, 'm.bin')))).toBe(desc.digest)
  })

  it('does not split a blob under the threshold', async () => {
    const dir = fresh()
    const small = big.subarray(0, 50 * KiB)
    const d = { ...desc, digest: digestBytes(small), size: small.length }
    const r = ranged(small, 3)
    await writeVerifiedFile(join(dir, 's.bin'), d, async o => chunked(small.subarray(o)), {
      parallel: r.source
    })
    expect(r.opened).toEqual([])
  })

  it('fails on a wrong byte in one range and leaves nothing behind', async () => {
    const dir = fresh()
    const bad = Buffer.from(big)
    bad[200_000] = (bad[200_000] as number) ^ 1
    const r = ranged(bad, 3)
    const err = await writeVerifiedFile(join(dir, 'm.bin'), desc, plain, {
      parallel: r.source
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DigestMismatchError)
    expect(readdirSync(dir)).toEqual([])
    expect(r.free()).toBe(3)
  })

  it('gives up when one range keeps failing, waits for the others, and leaves nothing', async () => {
    const dir = fresh()
    const r = ranged(big, 3, start => (start === 40 * KiB ? { failAfter: 0 } : { delayMs: 5 }))
    const err = await writeVerifiedFile(join(dir, 'm.bin'), desc, plain, {
      parallel: r.source,
      maxResumes: 2
    }).catch((e: unknown) => e)
    expect(String(err)).toMatch(/connection reset/)
    expect(readdirSync(dir)).toEqual([])
    expect(r.free()).toBe(3)
  })
})
