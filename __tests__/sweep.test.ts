import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { STALE_AFTER_MS, sweepStaleTemps } from '../src/oci/output/sweep.js'

describe('sweepStaleTemps', () => {
  it('removes only our abandoned temporaries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'))
    const old = new Date(Date.now() - STALE_AFTER_MS - 60_000)
    const stale = ['.model.safetensors.0123456789abcdef.tmp', '.oci-unpack-AbC123']
    const kept = [
      '.config.json.fedcba9876543210.tmp', // ours, but written just now (a live pull)
      'notes.tmp', // the user's
      '.model.safetensors.tmp', // no random part: not ours
      'model.safetensors'
    ]
    writeFileSync(join(dir, stale[0]!), 'partial')
    mkdirSync(join(dir, stale[1]!, 'eval'), { recursive: true })
    for (const name of kept) writeFileSync(join(dir, name), 'x')
    for (const name of [...stale, ...kept.slice(1)]) utimesSync(join(dir, name), old, old)
    const removed = await sweepStaleTemps([dir, dir, join(dir, 'missing')])
    expect(removed.sort()).toEqual(stale.map(n => join(dir, n)).sort())
    expect(readdirSync(dir).sort()).toEqual([...kept].sort())
  })
})
