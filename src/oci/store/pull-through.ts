/**
 * pullThrough(): a pull through the blob cache. `copy(source → store)` for the layers the output
 * folder does not already have (blobs the store holds, verified, are not fetched), then
 * `copy(store → output)`. Files already in the output with the right digest are never rewritten, and
 * a blob found corrupt in the store is evicted and fetched again, never copied out.
 */
import { forEachLimit } from '../concurrency.js'
import { copy, type CopyEvent, type CopyOptions } from '../copy.js'
import { NotFoundError } from '../errors.js'
import type { OutputFolder } from '../output/index.js'
import type { Descriptor, ReadOnlyTarget } from '../target.js'
import type { BlobStore } from './blob-store.js'

/** Where each wanted layer came from. */
export type LayerSource = 'registry' | 'cache' | 'output'

/** Options of pullThrough(). */
export interface PullThroughOptions {
  /** The layers to pull (`include`); all when undefined. */
  filter?: (layer: Descriptor) => boolean
  concurrency?: number
  /** Parallel ranges of large blobs fetched from the source (see CopyOptions.ranges). */
  ranges?: CopyOptions['ranges']
  /** The root manifest, already fetched and verified (saves GETs). */
  rootContent?: CopyOptions['rootContent']
  /**
   * Called with the layers neither the output nor the store has, before any is fetched (the action
   * restores the between-runs cache here); the store is checked again afterwards.
   */
  beforeFetch?: (missing: Descriptor[]) => Promise<void>
}

/** What pullThrough() did. */
export interface PullThroughResult {
  /** Wanted layers by digest → where their bytes came from. */
  sources: Map<string, LayerSource>
  /** Events of the copy into the store, then of the copy into the output. */
  events: CopyEvent[]
  bytes: Buffer
  /** Every blob of the graph that this pull used (for eviction and the between-runs cache). */
  used: Descriptor[]
}

/** Pulls `root` from `source` into `output` through `store` (see the module comment). */
export async function pullThrough(
  source: ReadOnlyTarget,
  store: BlobStore,
  output: OutputFolder,
  root: Descriptor,
  layers: readonly Descriptor[],
  opts: PullThroughOptions = {}
): Promise<PullThroughResult> {
  const concurrency = opts.concurrency ?? 4
  const wanted = opts.filter ? layers.filter(opts.filter) : [...layers]
  const sources = new Map<string, LayerSource>()
  const needed: Descriptor[] = []
  await forEachLimit(wanted, concurrency, async l => {
    if (await output.exists(l)) sources.set(l.digest, 'output')
    else needed.push(l)
  })
  const missingFromStore = async (): Promise<Descriptor[]> => {
    const missing: Descriptor[] = []
    await forEachLimit(needed, concurrency, async l => {
      if (!(await store.check(l))) missing.push(l)
    })
    return missing
  }
  let missing = await missingFromStore()
  if (missing.length && opts.beforeFetch) {
    await opts.beforeFetch(missing)
    missing = await missingFromStore()
  }
  const missingSet = new Set(missing.map(l => l.digest))
  const neededSet = new Set(needed.map(l => l.digest))
  for (const l of needed) sources.set(l.digest, missingSet.has(l.digest) ? 'registry' : 'cache')

  const fill = await copy(source, store, root, {
    rootContent: opts.rootContent,
    concurrency,
    ranges: opts.ranges,
    filter: l => neededSet.has(l.digest)
  })
  const out = await copy(new StoreFirst(store, source), output, root, {
    rootContent: opts.rootContent ?? { bytes: fill.bytes, parsed: fill.parsed },
    concurrency,
    filter: l => sources.has(l.digest)
  })
  const config = fill.parsed.kind === 'manifest' ? [fill.parsed.manifest.config] : []
  return {
    sources,
    events: [...fill.events, ...out.events],
    bytes: fill.bytes,
    used: [root, ...config, ...needed]
  }
}

/**
 * Reads from the store, falling back to the source for a blob the store lost meanwhile (another
 * run evicted it): the output verifies every byte whichever side served it.
 */
class StoreFirst implements ReadOnlyTarget {
  readonly name: string
  constructor(
    private readonly store: BlobStore,
    private readonly source: ReadOnlyTarget
  ) {
    this.name = store.name
  }

  async fetch(desc: Descriptor, offset = 0): ReturnType<ReadOnlyTarget['fetch']> {
    try {
      return await this.store.fetch(desc, offset)
    } catch (e) {
      if (e instanceof NotFoundError) return this.source.fetch(desc, offset)
      throw e
    }
  }

  resolve(reference: string): Promise<Descriptor> {
    return this.store.resolve(reference)
  }
}
