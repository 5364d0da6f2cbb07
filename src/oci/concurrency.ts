/** A tiny promise pool: runs async jobs with at most `limit` in flight, stopping at the first error. */

/**
 * Runs `worker` over every item with at most `limit` running at once. After the first error no new
 * item starts, the jobs in flight are waited for (so that when this rejects nothing is still
 * writing: their temp files are gone), and the first error is thrown.
 */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<void>
): Promise<void> {
  let next = 0
  let first: { error: unknown } | undefined
  const lanes = Math.max(1, Math.min(limit, items.length))
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (!first && next < items.length) {
        const i = next++
        try {
          await worker(items[i] as T, i)
        } catch (e) {
          first ??= { error: e }
        }
      }
    })
  )
  if (first) throw first.error
}
