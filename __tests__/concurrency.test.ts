import { forEachLimit } from '../src/oci/concurrency.js'

describe('forEachLimit', () => {
  it('after the first error starts nothing new and rejects only once the jobs in flight settled', async () => {
    const started: number[] = []
    let finished = 0
    const run = forEachLimit([0, 1, 2, 3, 4, 5], 3, async i => {
      started.push(i)
      if (i === 0) throw new Error('first')
      await new Promise(r => setTimeout(r, 50))
      finished++
    })
    await expect(run).rejects.toThrow('first')
    expect(started).toEqual([0, 1, 2])
    expect(finished).toBe(2)
  })

  it('runs at most `limit` at once', async () => {
    let running = 0
    let peak = 0
    await forEachLimit(
      Array.from({ length: 10 }, (_, i) => i),
      4,
      async () => {
        peak = Math.max(peak, ++running)
        await new Promise(r => setTimeout(r, 5))
        running--
      }
    )
    expect(peak).toBe(4)
  })
})
