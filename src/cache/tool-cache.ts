/**
 * Where the blob store lives: the runner's tool cache, in its folder convention
 * (`$RUNNER_TOOL_CACHE/<tool>/<version>/<arch>` with a `<arch>.complete` marker), so it persists on
 * self-hosted runners and is shared by the runs of one machine.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { arch } from 'node:os'
import { join } from 'node:path'

/** The tool name and version the store is filed under; the version changes with its format. */
export const STORE_TOOL = 'oci-model-action-blobs'
export const STORE_VERSION = '1.0.0'

/** The store folder, found or created; undefined when the runner has no tool cache. */
export async function storeFolder(): Promise<string | undefined> {
  const root = process.env.RUNNER_TOOL_CACHE
  if (!root) return undefined
  const tc = await import('@actions/tool-cache')
  const found = tc.find(STORE_TOOL, STORE_VERSION)
  if (found) return found
  const dir = join(root, STORE_TOOL, STORE_VERSION, arch())
  await mkdir(dir, { recursive: true })
  // The marker tool-cache's find() looks for; concurrent creators write the same empty file.
  await writeFile(`${dir}.complete`, '')
  return dir
}
