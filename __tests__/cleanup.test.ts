/**
 * Nothing half-written: a full disk fails with a clear "no space left" error and leaves no temp
 * file; an interruption runs the registered clean-ups (temps removed, a folder moved aside put
 * back).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { open } from 'node:fs/promises'
import { Readable } from 'node:stream'
import {
  onInterrupt,
  pendingInterruptActions,
  restoreOnInterrupt,
  runInterruptActions
} from '../src/oci/cleanup.js'
import { digestBytes } from '../src/oci/digest.js'
import { NoSpaceError } from '../src/oci/errors.js'
import { tempPathFor, writeVerifiedFile, type TempOpener } from '../src/oci/verified-write.js'

const data = Buffer.alloc(300_000, 7)
const desc = { mediaType: 'application/octet-stream', digest: digestBytes(data), size: data.length }
const source = async (offset: number): Promise<Readable> => Readable.from([data.subarray(offset)])

/** A real temp file whose writes fail with ENOSPC after `limit` bytes, like a full disk. */
function fullDiskAfter(limit: number) {
  return async (path: string, mode: number): Promise<TempFile> => {
    const file = await open(path, 'wx+', mode)
    let written = 0
    return {
      async writev(buffers: Buffer[], position: number) {
        written += buffers.reduce((n, b) => n + b.length, 0)
        if (written > limit) {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
            code: 'ENOSPC'
          })
        }
        return file.writev(buffers, position)
      },
      read: (buffer, offset, length, position) => file.read(buffer, offset, length, position),
      close: () => file.close()
    }
  }
}
type TempFile = Awaited<ReturnType<TempOpener>>

describe('a full disk', () => {
  it('fails with "no space left", naming the file, and leaves no temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'enospc-'))
    const target = join(dir, 'model.bin')
    const err = await writeVerifiedFile(target, desc, source, {
      openWrite: fullDiskAfter(100_000)
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(NoSpaceError)
    expect(String(err)).toMatch(/no space left on device writing .*model\.bin \(300000 bytes\)/)
    expect(readdirSync(dir)).toEqual([])
  })

  it('writes normally otherwise (the injected opener is only for tests)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'enospc-'))
    await writeVerifiedFile(join(dir, 'ok.bin'), desc, source, { openWrite: fullDiskAfter(1e9) })
    expect(readdirSync(dir)).toEqual(['ok.bin'])
  })
})

describe('interrupt clean-ups', () => {
  it('removes temp files that were not renamed yet, and finds nothing for those that were', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intr-'))
    const a = tempPathFor(join(dir, 'a.bin'))
    const b = tempPathFor(join(dir, 'b.bin'))
    writeFileSync(a, 'half')
    writeFileSync(b, 'whole')
    renameSync(b, join(dir, 'b.bin'))
    expect(runInterruptActions()).toBeGreaterThanOrEqual(2)
    expect(readdirSync(dir)).toEqual(['b.bin'])
    expect(pendingInterruptActions()).toBe(0)
  })

  it('puts a folder moved aside back when its replacement never arrived', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intr-'))
    const final = join(dir, 'eval')
    const old = join(dir, '.eval.1234.old')
    mkdirSync(final)
    writeFileSync(join(final, 'r.json'), '{}')
    restoreOnInterrupt(old, final)
    renameSync(final, old) // interrupted here, before the new folder was renamed in
    runInterruptActions()
    expect(existsSync(join(final, 'r.json'))).toBe(true)
    expect(existsSync(old)).toBe(false)
  })

  it('runs every action even when one fails, and unregisters', () => {
    let ran = 0
    onInterrupt(() => {
      throw new Error('x')
    })
    onInterrupt(() => ran++)
    const forget = onInterrupt(() => ran++)
    forget()
    runInterruptActions()
    expect(ran).toBe(1)
  })
})
