/**
 * copy: the whole graph under `reference` (index → manifests → config and layers) to `to`, then the
 * tags. On the same registry blobs are mounted (no bytes move); across registries they are streamed
 * from source to destination, `concurrency` at a time, skipping what the destination has. The
 * manifest bytes, and so its digest, are preserved exactly.
 */
import type { CopyRequest } from '../inputs.js'
import { artifactTypeOf, copy } from '../oci/index.js'
import { type CommandResult, type FileRow, byteTotals } from '../result.js'
import { type TargetContext, canonical, openTarget } from '../targets.js'
import { resolveSource } from './resolve.js'

const ACTIONS = {
  transferred: 'copied',
  skipped: 'already there',
  mounted: 'mounted',
  filtered: 'filtered'
}

/** Runs copy. */
export async function copyCommand(req: CopyRequest, ctx: TargetContext): Promise<CommandResult> {
  // username/password belong to the destination (it needs write access); the source reads with the
  // docker config, github-token or anonymously, unless both live on the same registry.
  const destinationHost = req.destination.kind === 'registry' ? req.destination.ref.registry : ''
  const src = await openTarget(req.source, req, ctx, false, destinationHost)
  const dst = await openTarget(req.destination, req, ctx, true)
  const root = await resolveSource(src)
  const first = dst.tag ?? (src.digest ? undefined : src.tag)
  const tags = [...new Set([...(first ? [first] : []), ...req.tags])]
  const result = await copy(src.target, dst.target, root, {
    concurrency: req.concurrency,
    ranges: { connections: req.connections },
    dryRun: req.dryRun,
    tags,
    logger: ctx.logger
  })
  if (result.upToDate) {
    ctx.logger.info(
      `${dst.base}: ${tags.join(', ')} already point at ${root.digest}; nothing to copy`
    )
  }
  if (tags.length === 0) {
    ctx.logger.warning(
      `${canonical(dst, root.digest)} has no tag: give "tags" or a tag in "to" to keep it from garbage collection`
    )
  }
  const blobs = result.events.filter(e => !e.manifest).map(e => e.descriptor)
  const rows: FileRow[] = result.events
    .filter(e => !e.manifest)
    .map(e => ({
      name: e.descriptor.annotations?.['org.opencontainers.image.title'] ?? e.descriptor.digest,
      size: e.descriptor.size,
      mediaType: e.descriptor.mediaType,
      digest: e.descriptor.digest,
      action: req.dryRun && e.action === 'transferred' ? 'would copy' : ACTIONS[e.action]
    }))
  const totals = byteTotals(blobs, result.events)
  const manifests = result.events.filter(e => e.manifest)
  return {
    verb: req.dryRun ? 'Would copy' : 'Copied',
    digest: root.digest,
    reference: canonical(dst, root.digest),
    mediaType: root.mediaType,
    artifactType: artifactTypeOf(result.parsed),
    tags,
    manifest: result.bytes.toString('utf8'),
    size:
      manifests.reduce((n, e) => n + e.descriptor.size, 0) + blobs.reduce((n, d) => n + d.size, 0),
    rows,
    dryRun: req.dryRun,
    upToDate: result.upToDate,
    transferredBytes: totals.transferred,
    skippedBytes: totals.skipped
  }
}
