/** Resolves the manifest a source reference names, with a not-found message that helps. */
import { type Descriptor, NotFoundError, canListTags } from '../oci/index.js'
import type { OpenedTarget } from '../targets.js'

/** Resolves digest, else tag, else `latest`; a missing tag names some tags that do exist. */
export async function resolveSource(src: OpenedTarget): Promise<Descriptor> {
  const selector = src.digest ?? src.tag ?? 'latest'
  try {
    return await src.target.resolve(selector)
  } catch (e) {
    if (!(e instanceof NotFoundError) || src.digest) throw e
    let hint = ''
    if (canListTags(src.target)) {
      let missingRepo = false
      const existing = await src.target.tags().catch((err: unknown) => {
        missingRepo = err instanceof NotFoundError
        return [] as string[]
      })
      // The commonest cause is a typo: show the tags closest to the one asked for.
      const closest = [...existing]
        .map(t => ({ t, d: editDistance(t, selector) }))
        .sort((x, y) => x.d - y.d || (x.t < y.t ? -1 : 1))
        .slice(0, 10)
        .map(x => x.t)
      hint = existing.length
        ? ` Closest tags that exist: ${closest.join(', ')}${existing.length > 10 ? ` (of ${existing.length}; list them all with command: tags)` : ''}.`
        : missingRepo
          ? ' The repository does not exist (or these credentials cannot see it).'
          : ' The repository has no tags.'
    }
    throw new NotFoundError(`tag "${selector}" not found in ${src.base}.${hint}`, { cause: e })
  }
}

/** Levenshtein distance, for ranking tags by closeness to a mistyped one. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
      )
    }
    prev = cur
  }
  return prev[b.length]!
}
