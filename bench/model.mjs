// Deterministic, incompressible model generator for the benchmark. Each file is AES-256-CTR keystream
// (zeros enciphered under a key derived from the file's seed), written in 4 MiB pieces, so a 4 GiB
// model never sits in memory and the same arguments always give the same bytes. A finished model is
// described by `.bench-model.json`; a later run with the same layout reuses it instead of writing it
// again.
import { performance } from 'node:perf_hooks'
import { createCipheriv, createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { join } from 'node:path'

const MiB = 1024 * 1024
const PIECE = 4 * MiB
const FORMAT = 1

/** The files of a model of `sizeMiB`: 4 equal safetensors shards plus small config/tokenizer JSON. */
export function modelLayout(sizeMiB, { shards = 4, seed = 'oci-model-action-bench' } = {}) {
  const bytes = sizeMiB * MiB
  const shard = Math.floor(bytes / shards)
  const files = []
  for (let i = 0; i < shards; i++) {
    const name = `model-${String(i + 1).padStart(5, '0')}-of-${String(shards).padStart(5, '0')}.safetensors`
    files.push({
      name,
      size: i === shards - 1 ? bytes - shard * (shards - 1) : shard,
      seed: `${seed}/${name}`
    })
  }
  files.push({ name: 'config.json', size: 4 * 1024, seed: `${seed}/config.json`, json: true })
  files.push({ name: 'tokenizer.json', size: 2 * MiB, seed: `${seed}/tokenizer.json`, json: true })
  return { format: FORMAT, files }
}

/** One file of the layout with a single blob of `sizeMiB` (the throttled-pull scenario). */
export function singleBlobLayout(sizeMiB, { seed = 'oci-model-action-bench-single' } = {}) {
  const name = 'single.safetensors'
  return { format: FORMAT, files: [{ name, size: sizeMiB * MiB, seed: `${seed}/${name}` }] }
}

/**
 * Makes sure `dir` holds the model of `layout`; returns absolute file paths (in layout order).
 * An existing model whose description and file sizes match is reused as it is.
 */
export async function ensureModel(dir, layout, log = () => {}) {
  const described = join(dir, '.bench-model.json')
  const want = JSON.stringify(layout)
  const paths = layout.files.map(f => join(dir, f.name))
  let have
  try {
    have = readFileSync(described, 'utf8')
  } catch {
    have = undefined
  }
  if (have === want && layout.files.every((f, i) => statSafe(paths[i])?.size === f.size))
    return paths
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const total = layout.files.reduce((n, f) => n + f.size, 0)
  log(`generating ${(total / MiB).toFixed(0)} MiB model in ${dir}`)
  const t0 = performance.now()
  for (const [i, f] of layout.files.entries()) await writeFile(paths[i], f)
  log(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  writeFileSync(`${described}.tmp`, want)
  renameSync(`${described}.tmp`, described)
  return paths
}

function statSafe(path) {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}

function keystream(seed) {
  const key = createHash('sha256').update(seed).digest()
  const iv = createHash('md5').update(seed).digest()
  return createCipheriv('aes-256-ctr', key, iv)
}

async function writeFile(path, f) {
  const cipher = keystream(f.seed)
  const zeros = Buffer.alloc(Math.min(PIECE, f.size))
  const fh = await open(path, 'w')
  try {
    if (f.json) {
      // Valid JSON that does not compress: one object whose string values are base64 keystream.
      const prefix = '{"data":"'
      const raw = cipher.update(Buffer.alloc(Math.ceil(f.size * 0.75) + 3)).toString('base64')
      await fh.write(Buffer.from(`${prefix}${raw.slice(0, f.size - prefix.length - 2)}"}`))
      return
    }
    for (let left = f.size; left > 0; left -= PIECE) {
      const n = Math.min(PIECE, left)
      await fh.write(cipher.update(n === zeros.length ? zeros : zeros.subarray(0, n)))
    }
  } finally {
    await fh.close()
  }
}
