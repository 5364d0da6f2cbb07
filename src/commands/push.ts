/**
 * push: files and folders → one artifact manifest → the target, then the tags. Blobs the target has
 * are not re-sent; tags are written only after every blob and the manifest are in place, so a failed
 * push leaves the old tag untouched.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readAnnotationFile } from '../annotation-file.js'
import { openBlobCache } from '../cache/index.js'
import { InputError, type PushRequest } from '../inputs.js'
import {
  type Descriptor,
  FileSource,
  MODEL_ARTIFACT_TYPE,
  OCI_CONFIG,
  buildManifest,
  copy,
  packFiles,
  packConfig
} from '../oci/index.js'
import { createdIsNow, provenanceAnnotations } from '../provenance.js'
import { type CommandResult, byteTotals, rowsFromEvents } from '../result.js'
import { type TargetContext, canonical, openTarget } from '../targets.js'

const TITLE = 'org.opencontainers.image.title'
const CREATED = 'org.opencontainers.image.created'

/** Runs a push and reports what moved. */
export async function push(req: PushRequest, ctx: TargetContext): Promise<CommandResult> {
  const tempDir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'oci-model-push-'))
  // The cache's memo: files unchanged since they were last hashed on this runner are not read again.
  const cache = req.cache
    ? await openBlobCache({ maxBytes: req.cacheMaxSize, logger: ctx.logger, service: null })
    : undefined
  const memo = cache?.store.memo
  try {
    const packed = await packFiles(req.files, { tempDir, concurrency: req.concurrency, memo })
    const annotationFile = req.annotationFile ? readAnnotationFile(req.annotationFile) : undefined
    if (annotationFile) {
      const titles = new Set(packed.map(p => p.descriptor.annotations?.[TITLE]))
      for (const [title] of annotationFile.files) {
        if (!titles.has(title)) {
          throw new InputError(
            'annotation-file',
            `"${title}" matches no pushed file title (titles: ${[...titles].join(', ')})`
          )
        }
      }
      for (const p of packed) {
        const extra = annotationFile.files.get(p.descriptor.annotations?.[TITLE] ?? '')
        if (extra) p.descriptor.annotations = { ...p.descriptor.annotations, ...extra }
      }
    }
    const layers: Descriptor[] = packed.map(p => p.descriptor)
    const config = req.config
      ? await packConfig(req.config.path, req.config.mediaType ?? OCI_CONFIG, memo)
      : undefined
    if (config && annotationFile && Object.keys(annotationFile.config).length) {
      config.descriptor.annotations = { ...annotationFile.config }
    }
    const provenance = provenanceAnnotations()
    const annotations = {
      ...provenance,
      ...annotationFile?.manifest,
      ...req.annotations
    }
    const built = buildManifest({
      layers,
      config: config?.descriptor,
      artifactType: req.artifactType ?? (config ? undefined : MODEL_ARTIFACT_TYPE),
      annotations,
      imageSpec: req.imageSpec
    })
    const source = new FileSource(config ? [...packed, config] : packed, [
      { descriptor: built.descriptor, bytes: built.bytes }
    ])
    const dest = await openTarget(req.target, req, ctx, true)
    const tags = [dest.tag ?? 'latest', ...req.tags.filter(t => t !== dest.tag)]
    // In Actions `created` is this run's time, unless annotations or SOURCE_DATE_EPOCH fix it.
    const stampedNow =
      provenance[CREATED] !== undefined &&
      annotations[CREATED] === provenance[CREATED] &&
      createdIsNow()
    // The first tag stores the manifest (one PUT, after every blob); the others only point at it.
    // When every tag already names this manifest, the push ends after those checks.
    const result = await copy(source, dest.target, built.descriptor, {
      concurrency: req.concurrency,
      dryRun: req.dryRun,
      tags,
      logger: ctx.logger,
      // A manifest stamped with this run's time cannot be there yet: checking would only cost a
      // round trip.
      checkUpToDate: !stampedNow
    })
    if (result.upToDate) {
      ctx.logger.info(
        `${dest.base}: ${tags.join(', ')} already point at ${built.descriptor.digest}; nothing to upload`
      )
    }
    const totals = byteTotals(layers, result.events)
    const hashedFiles = config ? [...packed, config] : packed
    return {
      cache: {
        enabled: Boolean(memo),
        hashed: hashedFiles.reduce((n, p) => n + (p.remembered ? 0 : p.descriptor.size), 0),
        remembered: hashedFiles.reduce((n, p) => n + (p.remembered ? p.descriptor.size : 0), 0)
      },
      verb: req.dryRun ? 'Would push' : 'Pushed',
      digest: built.descriptor.digest,
      reference: canonical(dest, built.descriptor.digest),
      mediaType: built.descriptor.mediaType,
      artifactType:
        built.manifest.artifactType ??
        (req.imageSpec === 'v1.0' ? built.manifest.config.mediaType : undefined),
      tags,
      manifest: built.bytes.toString('utf8'),
      size:
        built.bytes.length + built.manifest.config.size + layers.reduce((n, l) => n + l.size, 0),
      rows: rowsFromEvents(layers, result.events, {
        transferred: req.dryRun ? 'would upload' : 'uploaded',
        skipped: 'already there',
        mounted: 'mounted',
        filtered: 'filtered'
      }),
      dryRun: req.dryRun,
      upToDate: result.upToDate,
      transferredBytes: totals.transferred,
      skippedBytes: totals.skipped
    }
  } finally {
    if (memo) await memo.save()
    await rm(tempDir, { recursive: true, force: true })
  }
}
