// Runs before `npm test`: the integration suite needs real servers and tools. When one is missing it
// is installed (as root with apt-get), or the command that installs it is printed and the run stops.
import { execFileSync, spawnSync } from 'node:child_process'

const tools = [
  { bin: 'docker-registry', pkg: 'docker-registry' },
  { bin: 'skopeo', pkg: 'skopeo' },
  { bin: 'htpasswd', pkg: 'apache2-utils' },
  { bin: 'openssl', pkg: 'openssl' }
]
const has = bin => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0
const missing = tools.filter(t => !has(t.bin))
if (missing.length === 0) process.exit(0)
const pkgs = missing.map(t => t.pkg).join(' ')
const isRoot = process.getuid?.() === 0
if (isRoot && has('apt-get')) {
  console.log(`Installing test tools: ${pkgs}`)
  execFileSync(
    'sh',
    ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkgs}`],
    { stdio: 'inherit' }
  )
  process.exit(0)
}
console.error(
  `The integration tests need ${missing.map(t => t.bin).join(', ')}. Install with:\n  sudo apt-get update && sudo apt-get install -y ${pkgs}`
)
process.exit(1)
