/**
 * tag: resolve `reference` once and point every tag at that exact manifest. Only the manifest bytes
 * are re-sent (a PUT per tag); no blob moves. Works for manifests and indexes alike.
 */
import type { TagRequest } from '../inputs.js'
import { artifactTypeOf, fetchManifest } from '../oci/index.js'
import type { CommandResult } from '../result.js'
import { type TargetContext, canonical, openTarget } from '../targets.js'
import { resolveSource } from './resolve.js'

/** Runs tag. */
export async function tag(req: TagRequest, ctx: TargetContext): Promise<CommandResult> {
  const src = await openTarget(req.source, req, ctx, false)
  const root = await resolveSource(src)
  const { bytes, parsed } = await fetchManifest(src.target, root)
  for (const t of req.tags) {
    await src.target.tag(root, t, bytes)
    ctx.logger.info(`${src.base}:${t} → ${root.digest}`)
  }
  return {
    verb: 'Tagged',
    digest: root.digest,
    reference: canonical(src, root.digest),
    mediaType: root.mediaType,
    artifactType: artifactTypeOf(parsed),
    tags: req.tags,
    manifest: bytes.toString('utf8'),
    rows: []
  }
}
