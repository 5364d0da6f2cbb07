/**
 * Sweeps what a killed pull left behind. SIGINT/SIGTERM remove temporaries at once, but SIGKILL (or a
 * lost machine) cannot be caught: its temp files (`.<name>.<16 hex>.tmp`, see tempPathFor) and
 * unpack staging folders (`.oci-unpack-*`) stay hidden in `output`. The next pull removes those that
 * have not been written for a while, so a live pull into the same folder is never disturbed (an
 * active download writes continuously, and a stalled one is dropped by the idle timeout long before).
 */
import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'

/** Names this client gives its temporaries in an output folder. */
const TEMP_NAME = /^\..+\.[0-9a-f]{16}\.tmp$|^\.oci-unpack-[A-Za-z0-9]{6}$/

/** Default age after which a temporary counts as abandoned. */
export const STALE_AFTER_MS = 10 * 60 * 1000

/** Removes abandoned temporaries directly inside each folder; returns the paths removed. */
export async function sweepStaleTemps(
  folders: Iterable<string>,
  olderThanMs = STALE_AFTER_MS,
  now = Date.now()
): Promise<string[]> {
  const removed: string[] = []
  for (const folder of new Set(folders)) {
    const names = await readdir(folder).catch(() => [] as string[])
    for (const name of names) {
      if (!TEMP_NAME.test(name)) continue
      const path = join(folder, name)
      const info = await stat(path).catch(() => undefined)
      if (!info || now - info.mtimeMs < olderThanMs) continue
      await rm(path, { recursive: true, force: true })
      removed.push(path)
    }
  }
  return removed
}
