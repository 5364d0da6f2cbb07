/**
 * Keeps the memory that a transfer churns through small. Every chunk a transfer moves is a fresh
 * Buffer: Node allocates one per socket read (64 KiB) and per file read (1 MiB), and both end up
 * as garbage a moment later. Their memory lives outside V8's heap, and V8 collects it only after
 * 64 MiB more of it has been allocated since its last full collection: so a pull or push at full
 * speed keeps 60–75 MiB of dead Buffers resident (bench/memory-probe.mjs shows it as
 * `arrayBuffers`), more than all of the action's code.
 *
 * The pacer runs a minor collection (a scavenge) every PACE_BYTES that transfers report. A Buffer
 * that was written or hashed is young and unreferenced by then, so the scavenge frees its memory.
 * Measured on a 1 GiB pull and push (docs/performance.md): peak RSS 173–190 MiB without pacing,
 * 135–157 MiB at 8 MiB (but ~6% slower: each scavenge also sweeps the freed Buffers), ~150 MiB
 * at 32 MiB with no measurable cost; 16 MiB is between. V8 exposes its collector only behind --expose-gc, which the pacer
 * turns on for new contexts at first use (the action cannot pass node flags: the runner starts
 * it); where that is refused, pacing is a no-op and only the peak memory differs.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/** Bytes of transfer between two minor collections: bounds dead Buffers at about this much. */
export const PACE_BYTES = 16 * 1024 * 1024

type Collect = (options: { type: 'minor' | 'major' }) => void

let collect: Collect | null | undefined
let since = 0

function collector(): Collect | null {
  if (collect !== undefined) return collect
  collect = null
  if (process.env.OCI_GARBAGE_PACER === 'off') return collect
  try {
    setFlagsFromString('--expose-gc')
    const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined')
    if (typeof gc === 'function') collect = gc as Collect
  } catch {
    // Pacing is only a memory bound.
  }
  return collect
}

/** Reports `bytes` moved by a transfer (received, sent or read); collects every PACE_BYTES. */
export function paceGarbage(bytes: number): void {
  since += bytes
  if (since < PACE_BYTES) return
  since = 0
  collector()?.({ type: 'minor' })
}

/** Whether the pacer can collect (for tests and the benchmark's notes). */
export function garbagePacerActive(): boolean {
  return collector() !== null
}
