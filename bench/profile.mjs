// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function, and the share of
// wall time the process was idle (waiting on the network or the disk) or in garbage collection.
//
//   node bench/profile.mjs FILE.cpuprofile [--top 15]
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'

/** Self time per function of a profile: { totalMs, idleMs, gcMs, top: [{ fn, where, ms, pct }] }. */
export function summariseProfile(path, top = 15) {
  const p = JSON.parse(readFileSync(path, 'utf8'))
  const byId = new Map(p.nodes.map(n => [n.id, n]))
  const self = new Map()
  const deltas = p.timeDeltas
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (deltas[i + 1] ?? 0) / 1000
    const n = byId.get(p.samples[i])
    const f = n.callFrame
    const key = `${f.functionName || '(anonymous)'}\t${f.url ? `${basename(f.url)}:${f.lineNumber + 1}` : ''}`
    self.set(key, (self.get(key) ?? 0) + dt)
  }
  const totalMs = (p.endTime - p.startTime) / 1000
  const get = name =>
    [...self].filter(([k]) => k.startsWith(`${name}\t`)).reduce((s, [, v]) => s + v, 0)
  const rows = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, ms]) => {
      const [fn, where] = k.split('\t')
      return { fn, where, ms: Math.round(ms), pct: Math.round((ms / totalMs) * 1000) / 10 }
    })
  return {
    totalMs: Math.round(totalMs),
    idleMs: Math.round(get('(idle)')),
    gcMs: Math.round(get('(garbage collector)')),
    top: rows
  }
}

/** Formats a summary as text lines. */
export function formatProfile(s) {
  const lines = [`  profile: ${s.totalMs} ms, idle ${s.idleMs} ms, GC ${s.gcMs} ms; top self time:`]
  for (const r of s.top)
    lines.push(
      `    ${String(r.ms).padStart(7)} ms ${String(r.pct).padStart(5)}%  ${r.fn}  ${r.where}`
    )
  return lines.join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '15' } }
  })
  for (const f of positionals) {
    console.log(f)
    console.log(formatProfile(summariseProfile(f, Number(values.top))))
  }
}
