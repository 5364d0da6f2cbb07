// Diagnostic preload (NODE_OPTIONS=--import=./bench/memory-probe.mjs): samples the process's memory
// every 20 ms and prints the peak of each part at exit, to tell which part of peak RSS grows
// (V8 heap, external Buffers/ArrayBuffers, or code and everything else).
import { writeSync } from 'node:fs'

const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }
const sample = () => {
  const m = process.memoryUsage()
  for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], m[k])
}
const timer = setInterval(sample, 20)
timer.unref()
process.on('exit', () => {
  sample()
  const mib = n => (n / 1048576).toFixed(1)
  writeSync(
    2,
    `memory-probe peak MiB: ${Object.entries(peak)
      .map(([k, v]) => `${k} ${mib(v)}`)
      .join(', ')}\n`
  )
})
