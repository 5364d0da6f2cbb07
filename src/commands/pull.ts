/**
 * pull: the manifest a reference names → verified files in `output`. Only the layers that `include`
 * selects are fetched; nothing is written under its final name before its digest is verified.
 */
import picomatch from 'picomatch'
import { InputError, type PullRequest } from '../inputs.js'
import {
  type Descriptor,
  InvalidInputError,
  OutputFolder,
  copy,
  fetchManifest,
  safeTitle
} from '../oci/index.js'
import { type CommandResult, byteTotals, rowsFromEvents } from '../result.js'
import { type TargetContext, canonical, openTarget } from '../targets.js'
import { resolveSource } from './resolve.js'

const TITLE = 'org.opencontainers.image.title'

/** Builds the layer filter of `include`: globs on titles; a layer without a title never matches. */
export function includeFilter(patterns: string[]): ((layer: Descriptor) => boolean) | undefined {
  if (patterns.length === 0) return undefined
  const match = picomatch(patterns, { dot: true })
  return layer => {
    const title = layer.annotations?.[TITLE]
    return title !== undefined && (match(title) || match(title.replace(/\/+$/, '')))
  }
}

/** Runs a pull and reports what was written. */
export async function pull(req: PullRequest, ctx: TargetContext): Promise<CommandResult> {
  const src = await openTarget(req.source, req, ctx, false)
  const root = await resolveSource(src)
  const rootContent = await fetchManifest(src.target, root)
  const { parsed } = rootContent
  if (parsed.kind === 'index') {
    const list = parsed.manifest.manifests
      .slice(0, 5)
      .map(m => `${m.platform ? `${m.platform.os}/${m.platform.architecture} ` : ''}${m.digest}`)
      .join(', ')
    throw new InputError(
      'reference',
      `${src.base} resolves to an index of ${parsed.manifest.manifests.length} manifests (${list}): pull one of them by digest`
    )
  }
  const filter = includeFilter(req.include)
  const layers = parsed.manifest.layers
  if (filter && !layers.some(filter)) {
    const titles = layers.map(l => l.annotations?.[TITLE]).filter(Boolean)
    throw new InputError(
      'include',
      `no file of ${src.base} matches ${req.include.join(', ')} (files: ${titles.join(', ') || 'none with a title'})`
    )
  }
  // Every title is checked before the first byte is fetched: a hostile one later in the list must not
  // leave earlier files written.
  const titles = new Set<string>()
  for (const layer of filter ? layers.filter(filter) : layers) {
    const title = layer.annotations?.[TITLE]
    if (title === undefined) continue
    const safe = safeTitle(title)
    if (titles.has(safe)) throw new InvalidInputError(`the artifact has two files titled "${safe}"`)
    titles.add(safe)
  }
  const output = new OutputFolder(req.output, { logger: ctx.logger })
  const result = await copy(src.target, output, root, {
    rootContent,
    concurrency: req.concurrency,
    filter,
    dryRun: req.dryRun
  })
  const totals = byteTotals(layers, result.events)
  const wanted = filter ? layers.filter(filter) : layers
  return {
    verb: req.dryRun ? 'Would pull' : 'Pulled',
    digest: root.digest,
    reference: canonical(src, root.digest),
    mediaType: root.mediaType,
    artifactType: parsed.manifest.artifactType,
    manifest: result.bytes.toString('utf8'),
    files: req.dryRun ? [] : output.writtenPaths(),
    size: root.size + parsed.manifest.config.size + wanted.reduce((n, l) => n + l.size, 0),
    rows: rowsFromEvents(layers, result.events, {
      transferred: req.dryRun ? 'would download' : 'downloaded',
      skipped: 'up to date',
      mounted: 'mounted',
      filtered: 'not included'
    }),
    dryRun: req.dryRun,
    transferredBytes: totals.transferred,
    skippedBytes: totals.skipped
  }
}
