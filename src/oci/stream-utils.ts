/** Small stream helpers shared by the targets. */
import type { Readable } from 'node:stream'
import { OciError } from './errors.js'

/**
 * Reads a stream into memory, refusing more than `limit` bytes. Only for metadata (manifests,
 * tokens, error bodies); blobs are always streamed.
 */
export async function readLimited(
  stream: Readable | AsyncIterable<Uint8Array>,
  limit: number,
  what: string
): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    total += chunk.length
    if (total > limit) {
      if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy()
      throw new OciError(`${what} is larger than ${limit} bytes; refusing to read it`)
    }
    chunks.push(Buffer.from(chunk))
  }
  return Buffer.concat(chunks)
}
