import { PerformanceObserver, constants } from 'node:perf_hooks'
import { PACE_BYTES, garbagePacerActive, paceGarbage } from '../src/oci/garbage-pacer.js'

/** Minor collections (scavenges) seen while `fn` runs. */
async function scavengesDuring(fn: () => void): Promise<number> {
  let seen = 0
  const obs = new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) seen++
    }
  })
  obs.observe({ entryTypes: ['gc'] })
  fn()
  // GC entries are delivered asynchronously.
  await new Promise(r => setTimeout(r, 50))
  obs.disconnect()
  return seen
}

describe('garbage pacer', () => {
  it('can reach the collector from inside a running process (no node flag needed)', () => {
    expect(garbagePacerActive()).toBe(true)
  })

  it('runs a minor collection once per PACE_BYTES reported, not per chunk', async () => {
    const chunk = 64 * 1024
    const perPace = PACE_BYTES / chunk
    const paced = await scavengesDuring(() => {
      for (let i = 0; i < perPace * 3; i++) paceGarbage(chunk)
    })
    expect(paced).toBeGreaterThanOrEqual(3)
    // Reporting less than PACE_BYTES in all causes no collection of the pacer's own.
    paceGarbage(PACE_BYTES) // resets the running count to zero
    const few = await scavengesDuring(() => {
      for (let i = 0; i < perPace / 2; i++) paceGarbage(chunk)
    })
    expect(few).toBeLessThan(paced)
  })
})
