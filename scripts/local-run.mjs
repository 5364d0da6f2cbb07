// The local demo: pushes the sample model in examples/tiny-model into an on-disk OCI layout and pulls
// it back with the bundled action (dist/index.js), exactly as a workflow would, with no registry.
// Usage: npm run local
import { createHash } from 'node:crypto'
import { readFileSync, rmSync, mkdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runAction } from './run-action.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const work = join(root, 'tmp', 'local')
rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
const layout = join(work, 'layout')
const pulled = join(work, 'pulled')
const model = join(root, 'examples', 'tiny-model')

function show(title, r) {
  console.log(`\n=== ${title}: exit ${r.code}`)
  process.stdout.write(
    r.stdout
      .split('\n')
      .filter(l => !l.startsWith('::debug'))
      .map(l => `  ${l}`)
      .join('\n')
  )
  console.log('\n  outputs:')
  for (const [k, v] of Object.entries(r.outputs))
    console.log(`    ${k} = ${v.length > 300 ? `${v.slice(0, 300)}…` : v}`)
  console.log(
    '  job summary:\n' +
      r.summary
        .split('\n')
        .map(l => `    ${l}`)
        .join('\n')
  )
  if (r.code !== 0) {
    console.error(r.stderr)
    process.exit(1)
  }
}

const push = await runAction(
  {
    command: 'push',
    reference: `oci-layout:${layout}:v1`,
    files: ['model.safetensors', 'config.json', 'tokenizer.json', 'eval/']
      .map(f => join(model, f))
      .join('\n'),
    tags: 'latest',
    annotations: 'org.opencontainers.image.description=tiny example model'
  },
  { cwd: root }
)
show('push examples/tiny-model → oci-layout', push)

const pull = await runAction(
  { command: 'pull', reference: `oci-layout:${layout}:v1`, output: pulled },
  { cwd: root }
)
show('pull oci-layout → tmp/local/pulled', pull)

const sha = p => createHash('sha256').update(readFileSync(p)).digest('hex')
for (const f of [
  'model.safetensors',
  'config.json',
  'tokenizer.json',
  'eval/results.json',
  'eval/README.md'
]) {
  const same = sha(join(model, f)) === sha(join(pulled, f))
  console.log(`${same ? 'identical' : 'DIFFERENT'}  ${f} (${statSync(join(pulled, f)).size} bytes)`)
  if (!same) process.exit(1)
}
console.log(`\nThe layout is at ${layout}; the pulled files are in ${pulled}.`)
