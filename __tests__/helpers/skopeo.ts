// skopeo, the interop peer: it must read what we push and we must read what it pushes.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** Runs skopeo; a missing binary fails with the command that installs it. */
export async function skopeo(args: string[]): Promise<string> {
  try {
    const { stdout } = await run('skopeo', args, { maxBuffer: 64 * 1024 * 1024 })
    return stdout
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string }
    if (err.code === 'ENOENT')
      throw new Error('skopeo not found: install it with "sudo apt-get install -y skopeo"')
    throw new Error(`skopeo ${args.join(' ')} failed: ${err.stderr ?? err.message}`)
  }
}
