/**
 * A folder as a reproducible tar stream, as oras lays it out (entries carry the folder's name as
 * prefix: `eval/`, `eval/results.json`) but byte-identical on every run: entries in sorted order,
 * a fixed mtime, uid/gid 0 without user or group names, modes normalised (folders 0755, files 0644,
 * or 0755 when any execute bit is set), hard links stored as plain files, no atime/ctime/dev/inode.
 * An unchanged folder therefore always has the same digest and is never uploaded twice.
 */
import type { Stats } from 'node:fs'
import { lstat, readdir, readlink } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { Pack, ReadEntry, type WriteEntry } from 'tar'
import { InvalidInputError } from '../errors.js'

/** The mtime every entry carries (the Unix epoch): content, not the clock, decides the digest. */
export const FIXED_MTIME = new Date(0)

/** The normalised permission bits of a folder, file or symlink. */
export function normalisedMode(stat: Stats): number {
  if (stat.isDirectory()) return 0o755
  if (stat.isSymbolicLink()) return 0o777
  return stat.mode & 0o111 ? 0o755 : 0o644
}

/**
 * Lists `relDir` (a path relative to `cwd`) and everything below it, depth first with names sorted
 * per folder, checking each entry: regular files, folders and relative symlinks that stay inside
 * the folder are accepted; anything else (sockets, devices, fifos, escaping links) is an error now,
 * at pack time, rather than a surprise on pull.
 */
export async function listFolder(cwd: string, relDir: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (rel: string): Promise<void> => {
    out.push(rel)
    const names = (await readdir(join(cwd, rel))).sort()
    for (const name of names) {
      const child = `${rel}/${name}`
      const info = await lstat(join(cwd, child))
      if (info.isDirectory()) await walk(child)
      else if (info.isFile()) out.push(child)
      else if (info.isSymbolicLink()) {
        await checkSymlink(cwd, relDir, child)
        out.push(child)
      } else {
        throw new InvalidInputError(
          `${join(cwd, child)} is not a regular file, folder or symlink; it cannot be packed`
        )
      }
    }
  }
  await walk(relDir)
  return out
}

async function checkSymlink(cwd: string, relDir: string, child: string): Promise<void> {
  const target = await readlink(join(cwd, child))
  if (posix.isAbsolute(target) || /^[A-Za-z]:/.test(target) || target.includes('\\')) {
    throw new InvalidInputError(
      `symlink ${join(cwd, child)} points to "${target}": only relative links inside the folder can be packed`
    )
  }
  const resolved = posix.normalize(posix.join(posix.dirname(child), target))
  if (resolved !== relDir && !resolved.startsWith(`${relDir}/`)) {
    throw new InvalidInputError(
      `symlink ${join(cwd, child)} points outside the folder ("${target}"); it cannot be packed`
    )
  }
}

/**
 * Makes the tar of `relDir` (relative to `cwd`) as a stream. Entries are named `relDir/…` with
 * forward slashes; `paths` is the sorted list from listFolder().
 */
export function tarStream(cwd: string, paths: string[]): Pack {
  const pack = new Pack({
    cwd,
    noDirRecurse: true,
    mtime: FIXED_MTIME,
    // Called with the stat every entry is built from (tar keeps it in its stat cache).
    filter: (_path, stat) => {
      if (!(stat instanceof ReadEntry)) normaliseStat(stat)
      return true
    },
    onWriteEntry: (entry: WriteEntry) => {
      // tar fills `uname` from $USER when the file's uid is the process's; uid 0 under root would.
      ;(entry as unknown as { myuser: string }).myuser = ''
    }
  })
  for (const p of paths) pack.add(p)
  pack.end()
  return pack
}

function normaliseStat(stat: Stats): void {
  const s = stat as unknown as Record<string, unknown>
  s.mode = (stat.mode & ~0o7777) | normalisedMode(stat)
  s.uid = 0
  s.gid = 0
  // nlink 1: a hard link is stored as the file itself, so copying the folder keeps its digest.
  s.nlink = 1
  // Only pax headers carry these; they must not vary between runs or machines.
  s.atime = undefined
  s.ctime = undefined
  s.birthtime = undefined
  s.dev = undefined
  s.ino = undefined
}
