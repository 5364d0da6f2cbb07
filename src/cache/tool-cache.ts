/**
 * Where the blob store lives: the runner's tool cache, in its folder convention
 * (`$RUNNER_TOOL_CACHE/<tool>/<version>/<arch>` with a `<arch>.complete` marker), so it persists on
 * self-hosted runners and is shared by the runs of one machine.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises'
import { arch } from 'node:os'
import { join } from 'node:path'

/** The tool name and version the store is filed under; the version changes with its format. */
export const STORE_TOOL = 'oci-model-action-blobs'
export const STORE_VERSION = '1.0.0'

/**
 * The store folder, found or created; undefined when the runner has no tool cache. The lookup is
 * @actions/tool-cache's find() for an exact version (a folder with its `.complete` marker), done
 * here because that package (with @actions/core and semver) takes tens of ms to load on every pull.
 */
export async function storeFolder(): Promise<string | undefined> {
  const root = process.env.RUNNER_TOOL_CACHE
  if (!root) return undefined
  const dir = join(root, STORE_TOOL, STORE_VERSION, arch())
  const [found, marker] = await Promise.all(
    [stat(dir), stat(`${dir}.complete`)].map(p => p.catch(() => undefined))
  )
  if (found?.isDirectory() && marker) return dir
  await mkdir(dir, { recursive: true })
  // The marker tool-cache's find() looks for; concurrent creators write the same empty file.
  await writeFile(`${dir}.complete`, '')
  return dir
}
