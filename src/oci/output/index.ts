/** The pull side: writing an artifact's files into a folder, safely. */
export { OutputFolder, type OutputFolderOptions, type WrittenEntry } from './output-folder.js'
export { isSafeRelativePath, safeTitle, unsafePathReason } from './safe-path.js'
export type { UnpackLimits } from './unpack.js'
export { STALE_AFTER_MS, sweepStaleTemps } from './sweep.js'
