// Generates model folders for tests: deterministic pseudo-random shards from a seed (so failures
// reproduce), JSON files, an empty file and a subfolder.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'

/** Deterministic bytes: sha256 in counter mode over the seed (fast enough for test sizes). */
export function seededBytes(seed: string, size: number): Buffer {
  const out = Buffer.alloc(size)
  let off = 0
  for (let i = 0; off < size; i++) {
    const block = createHash('sha256').update(`${seed}:${i}`).digest()
    off += block.copy(out, off)
  }
  return out
}

/** Writes a small model: two binary shards, config/tokenizer JSON, an empty file, eval/ with a subfolder. */
export function writeModel(dir: string, seed = 'model', shardSize = 64 * 1024): string[] {
  mkdirSync(join(dir, 'eval', 'plots'), { recursive: true })
  writeFileSync(join(dir, 'model-00001-of-00002.safetensors'), seededBytes(`${seed}-1`, shardSize))
  writeFileSync(
    join(dir, 'model-00002-of-00002.safetensors'),
    seededBytes(`${seed}-2`, shardSize + 17)
  )
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ seed, hidden_size: 8 }, null, 2))
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify({ vocab: { a: 0, b: 1 } }))
  writeFileSync(join(dir, 'EMPTY'), '')
  writeFileSync(join(dir, 'eval', 'results.json'), JSON.stringify({ accuracy: 0.9 }))
  writeFileSync(join(dir, 'eval', 'plots', 'loss.bin'), seededBytes(`${seed}-plot`, 4096))
  return [
    'model-00001-of-00002.safetensors',
    'model-00002-of-00002.safetensors',
    'config.json',
    'tokenizer.json',
    'EMPTY',
    'eval'
  ].map(f => join(dir, f))
}

/** Every regular file below a folder, as relative path → sha256, for byte-identity comparisons. */
export function treeDigests(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      const st = statSync(p)
      if (st.isDirectory()) walk(p)
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex')
    }
  }
  walk(dir)
  return out
}
