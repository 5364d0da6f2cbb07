/**
 * index.json of an OCI image layout (image-spec "Image Layout": the entry point, an image index
 * whose entries name tags with `org.opencontainers.image.ref.name`). Reads are capped and validated;
 * writes are atomic (temp file + rename) and serialized per layout within the process, so two tags
 * written at once never lose one another.
 */
import { open, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { ManifestInvalidError } from '../errors.js'
import { parseDescriptor } from '../manifest.js'
import { OCI_INDEX } from '../media-types.js'
import type { Descriptor } from '../target.js'
import { tempPathFor } from '../verified-write.js'

/** The annotation that names a tag in index.json (image-spec "Pre-Defined Annotation Keys"). */
export const REF_NAME = 'org.opencontainers.image.ref.name'

/** index.json is metadata: a layout with more than this is refused rather than read into memory. */
export const MAX_INDEX_BYTES = 64 * 1024 * 1024

/** The parts of index.json this client reads and writes; other fields are kept as they are. */
export interface LayoutIndex {
  schemaVersion: 2
  mediaType?: string
  manifests: Descriptor[]
  [key: string]: unknown
}

/** An empty index, as a new layout starts. */
export function emptyIndex(): LayoutIndex {
  return { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }
}

/** Reads and validates `<layout>/index.json`. */
export async function readIndex(layout: string): Promise<LayoutIndex> {
  const file = join(layout, 'index.json')
  const handle = await open(file, 'r')
  let text: string
  try {
    const { size } = await handle.stat()
    if (size > MAX_INDEX_BYTES) {
      throw new ManifestInvalidError(`${file} is ${size} bytes, over ${MAX_INDEX_BYTES}`)
    }
    text = await handle.readFile('utf8')
  } finally {
    await handle.close()
  }
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (e) {
    throw new ManifestInvalidError(`${file} is not valid JSON: ${(e as Error).message}`)
  }
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as LayoutIndex).manifests)) {
    throw new ManifestInvalidError(`${file} is not an OCI index (no manifests array)`)
  }
  const index = doc as LayoutIndex
  index.manifests = index.manifests.map((d, i) => parseDescriptor(d, `${file} manifests[${i}]`))
  return index
}

/** Writes index.json atomically: readers see the old or the new file, never half of one. */
export async function writeIndex(layout: string, index: LayoutIndex): Promise<void> {
  const file = join(layout, 'index.json')
  const temp = tempPathFor(file)
  try {
    const handle = await open(temp, 'wx', 0o644)
    try {
      await handle.writeFile(JSON.stringify(index))
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, file)
  } finally {
    await rm(temp, { force: true })
  }
}

const queues = new Map<string, Promise<unknown>>()

/**
 * Runs `fn` after every earlier update of the same layout (keyed by its resolved path) has settled,
 * so read-modify-write cycles of index.json never interleave within this process.
 */
export function serialized<T>(layout: string, fn: () => Promise<T>): Promise<T> {
  const previous = queues.get(layout) ?? Promise.resolve()
  const next = previous.then(fn, fn)
  const tail = next.catch(() => undefined)
  queues.set(layout, tail)
  void tail.then(() => {
    if (queues.get(layout) === tail) queues.delete(layout)
  })
  return next
}

/** Entries of the index that carry a tag, with the tag. */
export function taggedEntries(index: LayoutIndex): { tag: string; descriptor: Descriptor }[] {
  const out: { tag: string; descriptor: Descriptor }[] = []
  for (const d of index.manifests) {
    const tag = d.annotations?.[REF_NAME]
    if (tag !== undefined) out.push({ tag, descriptor: d })
  }
  return out
}
