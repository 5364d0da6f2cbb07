// Diagnostic preload (bench/run.mjs --node-arg=--import=$PWD/bench/memory-probe.mjs): samples the process's memory
// every 20 ms and prints the peak of each part at exit, to tell which part of peak RSS grows
// (V8 heap, external Buffers/ArrayBuffers, or code and everything else).
import { readFileSync, writeSync } from 'node:fs'
import { performance } from 'node:perf_hooks'

// `--import=file:///…/memory-probe.mjs?timeline` also prints one line per 100 ms.
const timeline = new URL(import.meta.url).searchParams.has('timeline')
const t0 = performance.now()
let lastLine = 0
/** Anonymous and file-backed parts of RSS (Linux), to tell malloc'd memory from mapped code. */
const procStatus = () => {
  try {
    const s = readFileSync('/proc/self/status', 'utf8')
    return ['RssAnon', 'RssFile']
      .map(
        k => `${k} ${Math.round(Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0) / 1024)}`
      )
      .join(' ')
  } catch {
    return ''
  }
}
const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }
const sample = () => {
  const m = process.memoryUsage()
  for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], m[k])
  const now = performance.now() - t0
  if (timeline && now - lastLine >= 100) {
    lastLine = now
    const mib = n => (n / 1048576).toFixed(0)
    writeSync(
      2,
      `memory-probe t=${now.toFixed(0)}ms rss ${mib(m.rss)} heap ${mib(m.heapTotal)} ab ${mib(m.arrayBuffers)} ${procStatus()}\n`
    )
  }
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
