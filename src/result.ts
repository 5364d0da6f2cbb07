/** What a command reports back: the action's outputs and what the job summary shows. */
import type { CopyEvent, Descriptor } from './oci/index.js'

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
