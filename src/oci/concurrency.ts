/** A tiny promise pool: runs async jobs with at most `limit` in flight, failing fast on the first error. */

/** Runs `worker` over every item with at most `limit` running at once; rejects with the first error. */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<void>
): Promise<void> {
  let next = 0
  let failed = false
  const lanes = Math.max(1, Math.min(limit, items.length))
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (!failed && next < items.length) {
        const i = next++
        try {
          await worker(items[i] as T, i)
        } catch (e) {
          failed = true
          throw e
        }
      }
    })
  )
}
