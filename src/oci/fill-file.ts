/**
 * fillFile(): writes a blob into an open file at its byte positions and verifies it as a whole,
 * from one stream or, for a large blob whose source serves byte ranges, from several ranges fetched
 * over parallel connections (as Docker Model Runner and hf_xet do: CDNs and proxies cap each
 * connection, not the client).
 *
 * Memory stays flat whatever the blob's size: each connection holds at most one batch of received
 * chunks (written with one positional writev), and the hash runs in byte order: a batch that lands
 * at the hashed frontier is hashed from memory; bytes that arrived ahead of it are read back from
 * the file (the page cache) once the frontier reaches them. One stream is always at the frontier,
 * so it is hashed from memory only.
 */
import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'
import { parseDigest } from './digest.js'
import { DigestMismatchError, OciError, toError } from './errors.js'
import type { Logger } from './logger.js'
import { withResume } from './resume.js'
import type { ContentOpener, Descriptor, ParallelSource } from './target.js'
import { paceGarbage } from './garbage-pacer.js'

/** The file operations fillFile needs (a fs.promises FileHandle has them; tests inject faults). */
export interface PositionalFile {
  writev(buffers: Buffer[], position: number): Promise<{ bytesWritten: number }>
  read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number
  ): Promise<{ bytesRead: number }>
}

/** Options of fillFile. */
export interface FillOptions {
  what: string
  maxResumes?: number
  logger?: Logger
  parallel?: ParallelSource
}

/** Received bytes are written once this many are pending (fewer, larger writes). */
const BATCH_BYTES = 1 << 20
/** How long the first range is timed before deciding whether to split a blob. */
const PROBE_MILLISECONDS = 1000
/** Bytes read back per read when hashing bytes that arrived ahead of the frontier. */
const READ_BACK_BYTES = 4 << 20

/** A failed write: never resumed (the disk, not the source, failed). */
class WriteFailure extends Error {
  constructor(readonly failure: unknown) {
    super('write failed')
  }
}

interface Part {
  start: number
  end: number
  /** Bytes of this part written so far (always a prefix of it: one stream fills a part in order). */
  done: number
}

/** Writes `desc`'s content into `file` (see the module comment); throws unless it verifies. */
export async function fillFile(
  file: PositionalFile,
  desc: Descriptor,
  open: ContentOpener,
  opts: FillOptions
): Promise<void> {
  const { algorithm } = parseDigest(desc.digest)
  const hash = createHash(algorithm)
  let hashed = 0
  let failure: Error | undefined
  const live = new Set<Readable>()
  const fail = (e: unknown): void => {
    failure ??= e instanceof WriteFailure ? toError(e.failure) : toError(e)
    for (const s of live) s.destroy()
  }

  const parallel =
    opts.parallel && desc.size >= opts.parallel.threshold && desc.size > opts.parallel.partSize
      ? opts.parallel
      : undefined
  let parts: Part[] = [{ start: 0, end: desc.size, done: 0 }]
  if (parallel) {
    parts = []
    for (let start = 0; start < desc.size; start += parallel.partSize) {
      parts.push({ start, end: Math.min(desc.size, start + parallel.partSize), done: 0 })
    }
  }
  let openPart = (p: Part): Promise<Readable | undefined> => open(p.start + p.done)

  // Hashing in byte order: the part holding the frontier, and how far its bytes are written.
  let catching: Promise<void> | undefined
  let readBuf: Buffer | undefined
  const available = (): number => {
    const p = parts.find(q => q.start <= hashed && hashed < q.end)
    return p ? p.start + p.done : hashed
  }
  const catchUp = (): void => {
    if (catching || failure || available() <= hashed) return
    catching = (async () => {
      readBuf ??= Buffer.allocUnsafe(READ_BACK_BYTES)
      for (let end = available(); hashed < end && !failure; end = available()) {
        const n = Math.min(readBuf.length, end - hashed)
        const { bytesRead } = await file.read(readBuf, 0, n, hashed)
        if (bytesRead !== n) throw new OciError(`short read of ${opts.what} at byte ${hashed}`)
        hash.update(readBuf.subarray(0, n))
        hashed += n
      }
    })()
      .catch(fail)
      .finally(() => {
        catching = undefined
        catchUp()
      })
  }

  const write = async (p: Part, batch: Buffer[], bytes: number): Promise<void> => {
    const at = p.start + p.done
    try {
      const { bytesWritten } = await file.writev(batch, at)
      if (bytesWritten !== bytes) throw new OciError(`short write of ${opts.what} at byte ${at}`)
    } catch (e) {
      throw new WriteFailure(e)
    }
    // The frontier only moves here or in catchUp, never while catchUp reads.
    if (at === hashed && !catching) {
      for (const b of batch) hash.update(b)
      hashed += bytes
    }
    p.done += bytes
    if (!catching && available() > hashed) catchUp()
  }

  const pump = async (p: Part, source: Readable): Promise<void> => {
    let batch: Buffer[] = []
    let pending = 0
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        if (failure) throw failure
        if (p.start + p.done + pending + chunk.length > p.end) {
          throw new DigestMismatchError(`${desc.size} bytes`, 'more bytes', opts.what)
        }
        batch.push(chunk)
        pending += chunk.length
        paceGarbage(chunk.length)
        if (pending >= BATCH_BYTES) {
          const [full, bytes] = [batch, pending]
          batch = []
          pending = 0
          await write(p, full, bytes)
        }
      }
    } catch (e) {
      // Bytes that arrived before the source failed are kept: the resume starts after them.
      if (pending && !failure && !(e instanceof WriteFailure)) await write(p, batch, pending)
      throw e
    }
    if (pending) await write(p, batch, pending)
    if (p.start + p.done !== p.end) {
      // A source that ends cleanly but short sent something else than the blob.
      throw new DigestMismatchError(`${desc.size} bytes`, `${p.start + p.done} bytes`, opts.what)
    }
  }

  const fillPart = async (p: Part, first?: Readable): Promise<void> => {
    let initial = first
    await withResume(
      async () => {
        const source = initial ?? (await openPart(p))
        initial = undefined
        if (!source) throw new OciError(`${opts.what}: the source stopped serving byte ranges`)
        live.add(source)
        try {
          await pump(p, source)
        } finally {
          live.delete(source)
          source.destroy()
        }
      },
      {
        what: `${opts.what} bytes ${p.start}-${p.end - 1}`,
        maxResumes: opts.maxResumes,
        logger: opts.logger,
        position: () => p.done,
        fatal: () => failure
      }
    ).catch((e: unknown) => {
      fail(e)
      throw failure
    })
  }

  let next = 0
  const workers: Promise<void>[] = []
  const work = async (release?: () => void): Promise<void> => {
    try {
      while (!failure && next < parts.length) {
        await fillPart(parts[next++] as Part)
        spawn()
      }
    } finally {
      release?.()
    }
  }
  // More connections join while ranges are left and the copy's budget has some free.
  let split = false
  const spawn = (): void => {
    while (parallel && split && !failure && next < parts.length) {
      const release = parallel.extraConnection()
      if (!release) return
      workers.push(work(release))
    }
  }

  if (parallel) {
    // The first range doubles as the probe: a source that ignores Range gets one plain stream.
    const first = parts[0] as Part
    const probe = await parallel.open(first.start, first.end)
    // Timed from the response, not the request: a slow first byte is latency, not a slow link.
    const started = performance.now()
    if (probe) {
      next = 1
      openPart = p => parallel.open(p.start + p.done, p.end)
      // More connections only pay where one connection is slow (a CDN or proxy capping each one):
      // on a fast link they add CPU contention and read-backs. So the first range is timed, and
      // the blob is split only when it arrives slower than `fastConnection`.
      const fast = parallel.fastConnection
      let decided = fast === undefined
      split = decided
      const decide = (): void => {
        if (decided) return
        decided = true
        const seconds = Math.max((performance.now() - started) / 1000, 1e-3)
        split = first.done / seconds < (fast as number)
        if (split) spawn()
        else if (next === 1) {
          // The rest as one range on this connection: fewer requests than part-sized ones.
          parts = [first, { start: first.end, end: desc.size, done: 0 }]
          opts.logger?.debug(`${opts.what}: one connection is fast enough; not splitting`)
        }
      }
      const timer = decided ? undefined : setTimeout(decide, PROBE_MILLISECONDS)
      workers.push(
        fillPart(first, probe).then(() => {
          clearTimeout(timer)
          decide()
          return work()
        })
      )
      spawn()
    } else {
      parts = [{ start: 0, end: desc.size, done: 0 }]
      opts.logger?.debug(`${opts.what}: the source ignores byte ranges; one stream`)
      workers.push(work())
    }
  } else workers.push(work())

  // Every connection is waited for, so that nothing writes to the file once this returns.
  // Workers join while others run: wait by index, so the ones added meanwhile are waited for too.
  for (let i = 0; i < workers.length; i++) await workers[i]?.catch(() => undefined)
  while (catching) await catching
  if (failure) throw failure
  if (hashed !== desc.size) catchUp()
  while (catching) await catching
  if (failure) throw failure
  const actual = `${algorithm}:${hash.digest('hex')}`
  if (hashed !== desc.size || actual !== desc.digest) {
    throw new DigestMismatchError(desc.digest, actual, opts.what)
  }
}
