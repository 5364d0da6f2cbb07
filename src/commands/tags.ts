/** tags: list the tags of a repository or layout (all pages), for rollback jobs. */
import { InputError, type ListTagsRequest } from '../inputs.js'
import { canListTags } from '../oci/index.js'
import type { CommandResult } from '../result.js'
import { type TargetContext, openTarget } from '../targets.js'

/** Runs tags. */
export async function listTags(req: ListTagsRequest, ctx: TargetContext): Promise<CommandResult> {
  const src = await openTarget(req.source, req, ctx, false)
  if (!canListTags(src.target)) {
    throw new InputError('reference', `${src.base} cannot list its tags`)
  }
  const tags = await src.target.tags()
  ctx.logger.info(`${tags.length} tag(s) in ${src.base}`)
  return { verb: `${tags.length} tag(s) in`, subject: src.base, tags, rows: [] }
}
