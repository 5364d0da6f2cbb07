/**
 * The up-to-date check copy() makes before anything moves, as oras-go's Copy skips a graph whose
 * root the destination already has: when every tag asked for already names the root's digest, the
 * destination holds the whole graph. A registry stores a manifest only once it has every blob the
 * manifest names (distribution refuses one with MANIFEST_BLOB_UNKNOWN), and copy() writes a manifest
 * into a layout only after its children, so nothing is left to send, check or tag.
 */
import { NotFoundError, toError } from './errors.js'
import type { Logger } from './logger.js'
import { canResolve, type Descriptor } from './target.js'

/**
 * tagsPointAt answers whether `to` resolves every one of `tags` to `root`'s digest. The tags are
 * asked all at once, so the check costs one round trip however many there are. It never throws: a
 * failure to ask (anything but a clean not-found) is logged and answers false, and the caller then
 * copies as usual, so a check can never fail a push.
 */
export async function tagsPointAt(
  to: object,
  tags: readonly string[],
  root: Descriptor,
  logger?: Logger
): Promise<boolean> {
  if (tags.length === 0 || !canResolve(to)) return false
  const answers = await Promise.all(
    [...new Set(tags)].map(async tag => {
      try {
        return (await to.resolve(tag)).digest === root.digest
      } catch (e) {
        if (!(e instanceof NotFoundError)) {
          logger?.debug(
            `up-to-date check of tag ${tag} failed, copying as usual: ${toError(e).message}`
          )
        }
        return false
      }
    })
  )
  return answers.every(Boolean)
}
