/** What a command reports back: the action's outputs and what the job summary shows. */
import type { CopyEvent, Descriptor } from './oci/index.js'

/** What the blob cache did, for the job summary. */
export interface CacheReport {
  /** pull: layer bytes fetched from the registry, read from the blob cache, found up to date in output. */
  fromRegistry?: number
  fromCache?: number
  upToDate?: number
  /** push: bytes read to hash them, and bytes whose digest was remembered (not read again). */
  hashed?: number
  remembered?: number
  /** Whether the blob cache was used at all (false: `cache: false`, or no tool cache). */
  enabled: boolean
}

/** One row of the summary's file table. */
export interface FileRow {
  name: string
  size: number
  mediaType: string
  digest: string
  /** What happened to it: uploaded, mounted, skipped (already there), downloaded, filtered… */
  action: string
}

/** The result of one command. */
export interface CommandResult {
  /** Verb for the summary heading: Pushed, Pulled, Inspected… */
  verb: string
  /** What the heading names when there is no single manifest (e.g. the repository of `tags`). */
  subject?: string
  digest?: string
  reference?: string
  mediaType?: string
  artifactType?: string
  tags?: string[]
  manifest?: string
  files?: string[]
  size?: number
  rows: FileRow[]
  dryRun?: boolean
  /** Where the bytes came from, with the blob cache (pull), or how files were hashed (push). */
  cache?: CacheReport
  /** Output `cache-hit` (pull): 'true' when no blob came from the registry, else 'partial' or 'false'. */
  cacheHit?: 'true' | 'partial' | 'false'
  /** push, copy: every tag already named this manifest, so nothing was sent (only the tags were checked). */
  upToDate?: boolean
  /** Bytes that crossed the network or were written, and bytes skipped because the other side had them. */
  transferredBytes?: number
  skippedBytes?: number
}

/** Builds summary rows from copy events (layers only; config and manifests are not files). */
export function rowsFromEvents(
  layers: Descriptor[],
  events: CopyEvent[],
  names: { transferred: string; skipped: string; mounted: string; filtered: string }
): FileRow[] {
  const byDigest = new Map(
    events.filter(e => !e.manifest).map(e => [e.descriptor.digest, e.action])
  )
  return layers.map(l => ({
    name: l.annotations?.['org.opencontainers.image.title'] ?? l.digest,
    size: l.size,
    mediaType: l.mediaType,
    digest: l.digest,
    action: names[byDigest.get(l.digest) ?? 'skipped']
  }))
}

/** Sums the bytes of the layers' events by action (configs and manifests are not counted). */
export function byteTotals(
  layers: Descriptor[],
  events: CopyEvent[]
): { transferred: number; skipped: number } {
  const digests = new Set(layers.map(l => l.digest))
  let transferred = 0
  let skipped = 0
  for (const e of events) {
    if (e.manifest || !digests.has(e.descriptor.digest)) continue
    if (e.action === 'transferred') transferred += e.descriptor.size
    else if (e.action === 'skipped' || e.action === 'mounted') skipped += e.descriptor.size
  }
  return { transferred, skipped }
}
