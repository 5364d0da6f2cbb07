/**
 * copy(): moves a manifest graph (index → manifests → config and layers) from any source Target to
 * any destination. Push, pull, copy and the cache fill are all this one algorithm: children before
 * parents (so a registry never sees a manifest whose blobs are missing), blobs the destination has
 * are skipped, blobs on the same registry are mounted, everything else is streamed, `concurrency`
 * blobs at a time. A graph whose tags already name its root in the destination is not walked there
 * at all (see up-to-date.ts).
 */
import { Readable } from 'node:stream'
import { forEachLimit } from './concurrency.js'
import { verifyBytes } from './digest.js'
import { CancelledError, OciError, toError } from './errors.js'
import type { Logger } from './logger.js'
import {
  MAX_MANIFEST_BYTES,
  manifestChildren,
  parseManifest,
  type ParsedManifest
} from './manifest.js'
import { isManifestMediaType } from './media-types.js'
import { ConnectionBudget, defaultRangeSettings, type RangeSettings } from './ranges.js'
import { readLimited } from './stream-utils.js'
import {
  canFetchRange,
  canMount,
  type Descriptor,
  type ParallelSource,
  type Pusher,
  type ReadOnlyTarget,
  type Tagger
} from './target.js'
import { tagsPointAt } from './up-to-date.js'

/** What happened to one node of the graph. */
export type CopyAction = 'transferred' | 'mounted' | 'skipped' | 'filtered'

/** Reported once per blob or manifest, for progress, dry runs and the job summary. */
export interface CopyEvent {
  action: CopyAction
  descriptor: Descriptor
  /** True for manifests and indexes, false for blobs. */
  manifest: boolean
}

export type { RangeSettings } from './ranges.js'

/** Options of copy(). */
export interface CopyOptions {
  /** Blobs transferred in parallel (default 4). */
  concurrency?: number
  /** Returns false for a layer that should not be copied (e.g. `include` on pull). */
  filter?: (layer: Descriptor) => boolean
  /** Resolve and check everything, but write nothing to the destination. */
  dryRun?: boolean
  onEvent?: (event: CopyEvent) => void
  /** The root manifest's bytes when the caller already fetched (and verified) them: saves a GET. */
  rootContent?: { bytes: Buffer; parsed: ParsedManifest }
  /**
   * Fetching one large blob as byte ranges over parallel connections, when the source can (see
   * ParallelSource); `false` turns it off (one connection per blob).
   */
  ranges?: Partial<RangeSettings> | false
  /**
   * Tags to point at the root, only after every child is in place (a failed copy leaves the old
   * tags untouched): the first stores the root (one PUT that both stores and tags it, instead of a
   * PUT by digest), the others only point at it. Before anything moves, a destination that can
   * resolve references is asked for each tag: when every one already names the root, the copy is
   * already done and the destination is sent nothing more (see `upToDate`).
   */
  tags?: string[]
  /**
   * Make that check (default true); false when the root cannot be in the destination yet, e.g. a
   * manifest stamped with the time of this push, to save the round trip.
   */
  checkUpToDate?: boolean
  /** Receives debug notes (why the up-to-date check did not apply). */
  logger?: Logger
}

/** The root manifest that was copied, with its parsed form. */
export interface CopyResult {
  root: Descriptor
  bytes: Buffer
  parsed: ParsedManifest
  events: CopyEvent[]
  /**
   * True when every tag already named the root in the destination: nothing was sent, checked or
   * tagged there, and every node is reported 'skipped' (or 'filtered').
   */
  upToDate: boolean
}

/** CopyError says which side failed, so a message can point at the source or the destination. */
export class CopyError extends OciError {
  constructor(
    readonly side: 'source' | 'destination',
    readonly descriptor: Descriptor,
    cause: Error
  ) {
    super(`${side === 'source' ? 'reading' : 'writing'} ${descriptor.digest}: ${cause.message}`, {
      cause
    })
  }
}

/** Fetches a manifest's bytes from a target and verifies them against the descriptor. */
export async function fetchManifest(
  from: ReadOnlyTarget,
  desc: Descriptor
): Promise<{ bytes: Buffer; parsed: ParsedManifest }> {
  if (desc.size > MAX_MANIFEST_BYTES) {
    throw new OciError(
      `manifest ${desc.digest} is ${desc.size} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit`
    )
  }
  const bytes = await readLimited(
    await from.fetch(desc),
    MAX_MANIFEST_BYTES,
    `manifest ${desc.digest}`
  )
  verifyBytes(bytes, desc.digest, desc.size, 'manifest')
  return { bytes, parsed: parseManifest(bytes, desc.mediaType) }
}

/** Copies the graph under `root` from `from` to `to`. */
export async function copy(
  from: ReadOnlyTarget,
  to: Pusher,
  root: Descriptor,
  opts: CopyOptions = {}
): Promise<CopyResult> {
  const concurrency = opts.concurrency ?? 4
  const tags = opts.tags ?? []
  if (tags.length > 0 && !isTagger(to)) throw new OciError('the destination cannot hold tags')
  // Only reads, so a dry run asks too. When it holds, the walk below still reads the source's
  // manifests, so that every node is reported, but asks the destination nothing more.
  const upToDate = opts.checkUpToDate !== false && (await tagsPointAt(to, tags, root, opts.logger))
  const events: CopyEvent[] = []
  const report = (action: CopyAction, descriptor: Descriptor, manifest: boolean): void => {
    const e = { action, descriptor, manifest }
    events.push(e)
    opts.onEvent?.(e)
  }
  const seen = new Set<string>()

  // When one blob fails, the others in flight are cut short (their sources destroyed, no new
  // source opened), so the failure surfaces at once and every writer has cleaned up by then.
  const live = new Set<Readable>()
  let cancelled: Error | undefined
  const track = async <S extends Readable | undefined>(opening: () => Promise<S>): Promise<S> => {
    if (cancelled) throw cancelled
    const stream = await opening()
    if (stream && cancelled) {
      // Nobody reads this stream: its abort error must not become an unhandled 'error' event.
      stream.on('error', () => undefined)
      stream.destroy()
      throw cancelled
    }
    if (stream) {
      // A stream cut short by cancelOthers before its reader attached must not crash the process;
      // readers that are attached still get the error through their own listeners.
      stream.on('error', () => undefined)
      live.add(stream)
      stream.once('close', () => live.delete(stream))
    }
    return stream
  }
  const openLive = (desc: Descriptor, offset: number): Promise<Readable> =>
    track(() => openContent(from, desc, offset))

  const ranges = opts.ranges === false ? undefined : { ...defaultRangeSettings(), ...opts.ranges }
  const budget = new ConnectionBudget(ranges?.connections ?? 0)
  const parallelFor = (desc: Descriptor): ParallelSource | undefined => {
    if (!ranges || desc.data !== undefined || !canFetchRange(from)) return undefined
    return {
      open: (start, end) => track(() => from.fetchRange(desc, start, end)),
      threshold: ranges.threshold,
      partSize: ranges.partSize,
      fastConnection: ranges.fastConnection,
      extraConnection: () => budget.extra()
    }
  }
  const cancelOthers = (cause: unknown): void => {
    cancelled ??= new CancelledError(
      `stopped because another blob failed: ${toError(cause).message}`
    )
    for (const s of live) s.destroy(cancelled)
  }

  const copyBlob = async (desc: Descriptor): Promise<void> => {
    try {
      await copyOneBlob(desc)
    } catch (e) {
      cancelOthers(e)
      throw e
    }
  }

  const copyOneBlob = async (desc: Descriptor): Promise<void> => {
    if (seen.has(desc.digest)) return
    seen.add(desc.digest)
    if (upToDate) return report('skipped', desc, false)
    const src = from.mountSource
    const sameRepository =
      (to as Partial<ReadOnlyTarget>).mountSource?.repository === src?.repository
    const mounter =
      src && canMount(to) && to.registryHost === src.registryHost && !sameRepository
        ? to
        : undefined
    // push() itself answers 'existed' without reading the content, and a mount of a blob the
    // destination has succeeds too, so only a dry run needs a separate existence check.
    if (opts.dryRun) {
      const there = await guard('destination', desc, () => to.exists(desc))
      return report(there ? 'skipped' : 'transferred', desc, false)
    }
    if (mounter && src) {
      if (await guard('destination', desc, () => mounter.mount(desc, src.repository))) {
        return report('mounted', desc, false)
      }
    }
    const parallel = parallelFor(desc)
    const outcome = await budget.hold(() =>
      guard('destination', desc, () =>
        to.push(desc, offset => openLive(desc, offset), parallel ? { parallel } : undefined)
      )
    )
    report(
      outcome === 'existed' ? 'skipped' : outcome === 'mounted' ? 'mounted' : 'transferred',
      desc,
      false
    )
  }

  const copyNode = async (
    desc: Descriptor,
    isRoot = false
  ): Promise<{ bytes: Buffer; parsed: ParsedManifest }> => {
    const node =
      isRoot && opts.rootContent
        ? opts.rootContent
        : await guard('source', desc, () => fetchManifest(from, desc))
    const children = manifestChildren(node.parsed)
    if (node.parsed.kind === 'index') {
      // Child manifests one at a time: each already runs its blobs `concurrency` wide.
      for (const child of children) {
        if (isManifestMediaType(child.mediaType)) await copyNode(child)
        else await copyBlob(child)
      }
    } else {
      const [config, ...layers] = children as [Descriptor, ...Descriptor[]]
      const wanted = layers.filter(l => {
        const keep = !opts.filter || opts.filter(l)
        if (!keep) report('filtered', l, false)
        return keep
      })
      await forEachLimit([config, ...wanted], concurrency, copyBlob)
    }
    if (seen.has(desc.digest)) return node
    seen.add(desc.digest)
    const tag = isRoot ? tags[0] : undefined
    if (upToDate) report('skipped', desc, true)
    else if (tag !== undefined && isTagger(to)) {
      if (!opts.dryRun) await guard('destination', desc, () => to.tag(desc, tag, node.bytes))
      report('transferred', desc, true)
    } else if (await guard('destination', desc, () => to.exists(desc)))
      report('skipped', desc, true)
    else if (opts.dryRun) report('transferred', desc, true)
    else {
      await guard('destination', desc, () =>
        to.push(desc, async offset => Readable.from([node.bytes.subarray(offset)]))
      )
      report('transferred', desc, true)
    }
    return node
  }

  const { bytes, parsed } = await copyNode(root, true)
  if (!upToDate && !opts.dryRun && isTagger(to)) {
    for (const tag of tags.slice(1))
      await guard('destination', root, () => to.tag(root, tag, bytes))
  }
  return { root, bytes, parsed, events, upToDate }
}

function isTagger(t: object): t is Tagger {
  return typeof (t as Partial<Tagger>).tag === 'function'
}

/** Opens a blob's content: inline `data` when the descriptor carries it, else the source. */
async function openContent(
  from: ReadOnlyTarget,
  desc: Descriptor,
  offset: number
): Promise<Readable> {
  if (desc.data !== undefined) {
    const data = Buffer.from(desc.data, 'base64')
    verifyBytes(data, desc.digest, desc.size, 'inline data')
    return Readable.from([data.subarray(offset)])
  }
  return from.fetch(desc, offset)
}

async function guard<T>(
  side: 'source' | 'destination',
  desc: Descriptor,
  fn: () => Promise<T>
): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (e instanceof CopyError) throw e
    const err = toError(e)
    // Errors that already say what they are (not found, unauthorized, digest mismatch) are kept as
    // they are so callers can branch on their class; CopyError wraps only anonymous failures.
    if (err instanceof OciError) throw err
    throw new CopyError(side, desc, err)
  }
}
