/**
 * pull: the manifest a reference names → verified files in `output`. Only the layers that `include`
 * selects are fetched; nothing is written under its final name before its digest is verified.
 */
import { dirname, join } from 'node:path'
import picomatch from 'picomatch'
import {
  cacheKeys,
  closeBlobCache,
  openBlobCache,
  restoreBetweenRuns,
  saveBetweenRuns
} from '../cache/index.js'
import { InputError, type PullRequest } from '../inputs.js'
import {
  type Descriptor,
  InvalidInputError,
  type LayerSource,
  OutputFolder,
  copy,
  fetchManifest,
  pullThrough,
  safeTitle,
  sweepStaleTemps
} from '../oci/index.js'
import { type CommandResult, type FileRow, rowsFromEvents } from '../result.js'
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
  const wanted = filter ? layers.filter(filter) : layers
  if (!req.dryRun) {
    // Temporaries a killed earlier pull left where this one writes (SIGKILL cannot be caught).
    const folders = [req.output, ...[...titles].map(t => dirname(join(req.output, t)))]
    const swept = await sweepStaleTemps(folders)
    if (swept.length)
      ctx.logger.info(`Removed ${swept.length} temporary file(s) left by an interrupted pull`)
  }
  const common = {
    verb: req.dryRun ? 'Would pull' : 'Pulled',
    digest: root.digest,
    reference: canonical(src, root.digest),
    mediaType: root.mediaType,
    artifactType: parsed.manifest.artifactType,
    manifest: rootContent.bytes.toString('utf8'),
    size: root.size + parsed.manifest.config.size + wanted.reduce((n, l) => n + l.size, 0),
    dryRun: req.dryRun
  }
  const cache =
    req.cache && !req.dryRun
      ? await openBlobCache({ maxBytes: req.cacheMaxSize, logger: ctx.logger })
      : undefined
  // With the cache, files are placed from the store (reflink or copy) and the output's digests are
  // remembered, so an unchanged file is found up to date by stat() alone.
  const output = new OutputFolder(req.output, {
    logger: ctx.logger,
    memo: cache?.store.memo,
    localBlob: cache ? d => cache.store.blobPath(d.digest) : undefined
  })
  // Through the store only from a registry: a local layout is a blob store of its own.
  if (cache && req.source.kind === 'registry') {
    const { registry, repository } = req.source.ref
    const keys = cacheKeys(registry, repository, root.digest, req.include)
    const config = parsed.manifest.config
    const pulled = await pullThrough(src.target, cache.store, output, root, layers, {
      concurrency: req.concurrency,
      ranges: { connections: req.connections },
      filter,
      rootContent,
      beforeFetch: async () => {
        await restoreBetweenRuns(cache, keys, [root, config, ...wanted])
      }
    })
    if ([...pulled.sources.values()].includes('registry')) {
      await saveBetweenRuns(cache, keys, pulled.used)
    }
    await closeBlobCache(cache, pulled.used)
    return {
      ...common,
      ...fromSources(pulled.sources, layers, true),
      files: output.writtenPaths()
    }
  }
  const result = await copy(src.target, output, root, {
    rootContent,
    concurrency: req.concurrency,
    ranges: { connections: req.connections },
    filter,
    dryRun: req.dryRun
  })
  if (cache) await closeBlobCache(cache)
  const sources = new Map<string, LayerSource>()
  const layerDigests = new Set(layers.map(l => l.digest))
  for (const e of result.events) {
    if (e.manifest || e.action === 'filtered' || !layerDigests.has(e.descriptor.digest)) continue
    sources.set(e.descriptor.digest, e.action === 'transferred' ? 'registry' : 'output')
  }
  return {
    ...common,
    ...fromSources(sources, layers, Boolean(cache)),
    files: req.dryRun ? [] : output.writtenPaths(),
    // A dry run's rows say what would happen.
    ...(req.dryRun
      ? {
          rows: rowsFromEvents(layers, result.events, {
            transferred: 'would download',
            skipped: 'up to date',
            mounted: 'mounted',
            filtered: 'not included'
          })
        }
      : {})
  }
}

const ACTION_NAMES: Record<LayerSource, string> = {
  registry: 'downloaded',
  cache: 'from cache',
  output: 'up to date'
}

/** The cache report, `cache-hit` and the file rows of a pull, from where each layer came. */
function fromSources(
  sources: ReadonlyMap<string, LayerSource>,
  layers: readonly Descriptor[],
  enabled: boolean
): Pick<CommandResult, 'cache' | 'cacheHit' | 'rows' | 'transferredBytes' | 'skippedBytes'> {
  const bytes: Record<LayerSource, number> = { registry: 0, cache: 0, output: 0 }
  const counted = new Set<string>()
  const rows: FileRow[] = layers.map(l => {
    const from = sources.get(l.digest)
    if (from && !counted.has(l.digest)) bytes[from] += l.size
    counted.add(l.digest)
    return {
      name: l.annotations?.[TITLE] ?? l.digest,
      size: l.size,
      mediaType: l.mediaType,
      digest: l.digest,
      action: from ? ACTION_NAMES[from] : 'not included'
    }
  })
  const froms = new Set(sources.values())
  return {
    rows,
    cache: {
      enabled,
      fromRegistry: bytes.registry,
      fromCache: bytes.cache,
      upToDate: bytes.output
    },
    cacheHit: !froms.has('registry')
      ? 'true'
      : froms.has('cache') || froms.has('output')
        ? 'partial'
        : 'false',
    transferredBytes: bytes.registry,
    skippedBytes: bytes.cache + bytes.output
  }
}
