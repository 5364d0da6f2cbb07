/**
 * V8's on-disk compile cache (Node ≥ 22.1, `module.enableCompileCache`): the action's chunks are
 * compiled once and reused by the next steps and jobs of the machine. Node 20 has no such function
 * and skips it; a cache that cannot be written only costs the compile it would have saved.
 */
import * as nodeModule from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Turns the compile cache on under the tool cache (or the temp folder); never throws. */
export function enableCompileCache(): void {
  const enable = (nodeModule as { enableCompileCache?: (dir?: string) => unknown })
    .enableCompileCache
  if (typeof enable !== 'function' || process.env.NODE_DISABLE_COMPILE_CACHE) return
  try {
    enable(join(process.env.RUNNER_TOOL_CACHE || tmpdir(), 'oci-model-action-compile-cache'))
  } catch {
    // Only a speed-up.
  }
}
