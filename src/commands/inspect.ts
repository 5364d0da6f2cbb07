/** inspect: resolve a reference and report its manifest, without moving any blob. */
import type { InspectRequest } from '../inputs.js'
import { artifactTypeOf, fetchManifest } from '../oci/index.js'
import type { CommandResult, FileRow } from '../result.js'
import { type TargetContext, canonical, openTarget } from '../targets.js'
import { resolveSource } from './resolve.js'

/** Runs inspect. */
export async function inspect(req: InspectRequest, ctx: TargetContext): Promise<CommandResult> {
  const src = await openTarget(req.source, req, ctx, false)
  const root = await resolveSource(src)
  const { bytes, parsed } = await fetchManifest(src.target, root)
  const children = parsed.kind === 'index' ? parsed.manifest.manifests : parsed.manifest.layers
  const rows: FileRow[] = children.map(d => ({
    name:
      d.annotations?.['org.opencontainers.image.title'] ??
      (d.platform ? `${d.platform.os}/${d.platform.architecture}` : d.digest),
    size: d.size,
    mediaType: d.mediaType,
    digest: d.digest,
    action: parsed.kind === 'index' ? 'manifest' : 'layer'
  }))
  const config = parsed.kind === 'manifest' ? parsed.manifest.config.size : 0
  return {
    verb: 'Inspected',
    digest: root.digest,
    reference: canonical(src, root.digest),
    mediaType: parsed.mediaType,
    artifactType: artifactTypeOf(parsed),
    manifest: bytes.toString('utf8'),
    size: bytes.length + config + children.reduce((n, d) => n + d.size, 0),
    rows
  }
}
