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
      const existing = await src.target.tags().catch(() => [] as string[])
      hint = existing.length
        ? ` Tags that exist: ${existing.slice(-10).join(', ')}${existing.length > 10 ? ` (and ${existing.length - 10} more)` : ''}.`
        : ' The repository has no tags.'
    }
    throw new NotFoundError(`tag "${selector}" not found in ${src.base}.${hint}`, { cause: e })
  }
}
