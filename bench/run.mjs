// npm run bench: times the action (node dist/index.js, as the runner starts it) against a raw curl
// baseline on the same machine, in the same run, alternating the two, against a docker-registry of
// its own. See README "Benchmarks" and bench/curl-baseline.mjs for what each side does.
//
//   node bench/run.mjs [--size MiB] [--runs N] [--scenarios a,b] [--json PATH] [--node PATH]
//                      [--throttle-rate MB/s] [--throttle-size MiB] [--profile] [--model-dir DIR]
//                      [--node-arg=--import=$PWD/bench/memory-probe.mjs] [--env NAME=VALUE] (repeatable)
//   --node defaults to the major that action.yml's runs.using names, as the runner starts it.
import { performance } from 'node:perf_hooks'
import { execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { ENTRY, haveGnuTime, killActions, runActionProcess } from './action-process.mjs'
import { runtimeNode } from './runtime-node.mjs'
import {
  curlFetchBlob,
  curlPull,
  curlPullAgain,
  curlPush,
  curlPushAgain
} from './curl-baseline.mjs'
import { ensureModel, modelLayout, singleBlobLayout } from './model.mjs'
import { formatProfile, summariseProfile } from './profile.mjs'
import { findBinary, startRegistry } from './registry.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '..')
const MiB = 1024 * 1024
const ALL = ['push-cold', 'push-again', 'pull-cold', 'pull-again', 'pull-throttled']
/** Targets: the action's time as a fraction of the reference's (see the issue). */
const TARGETS = {
  'push-cold': 0.9,
  'push-again': 0.1,
  'pull-cold': 0.8,
  'pull-again': 0.1,
  'pull-throttled': 1 / 3
}
const RSS_TARGET_MIB = 100
const REPO = 'bench/model'
const TAG = 'v1'

const { values: opt } = parseArgs({
  options: {
    size: { type: 'string', default: '1024' },
    runs: { type: 'string', default: '3' },
    scenarios: { type: 'string', default: ALL.join(',') },
    json: { type: 'string', default: join(here, 'results', 'latest.json') },
    // Default: the node major action.yml names (the runner's), see bench/runtime-node.mjs.
    node: { type: 'string' },
    'throttle-rate': { type: 'string', default: '50' },
    'throttle-size': { type: 'string', default: '1024' },
    'model-dir': { type: 'string', default: join(here, '.models') },
    profile: { type: 'boolean', default: false },
    // Extra node options for the action's process (e.g. --import=$PWD/bench/memory-probe.mjs: an absolute path, the action runs elsewhere).
    'node-arg': { type: 'string', multiple: true, default: [] },
    // Extra environment of the action's process, NAME=VALUE (e.g. OCI_GARBAGE_PACER=off).
    env: { type: 'string', multiple: true, default: [] },
    'timeout-min': { type: 'string', default: '90' },
    help: { type: 'boolean', default: false }
  }
})
if (opt.help) {
  console.log(
    readFileSync(fileURLToPath(import.meta.url), 'utf8')
      .split('\n')
      .slice(0, 9)
      .join('\n')
  )
  process.exit(0)
}
// --env NAME=VALUE, parsed once: the action's process gets these on every run.
const extraEnv = Object.fromEntries(
  opt.env.map(kv => {
    const at = kv.indexOf('=')
    if (at < 1) throw new Error(`--env ${kv}: expected NAME=VALUE`)
    return [kv.slice(0, at), kv.slice(at + 1)]
  })
)
const sizeMiB = Number(opt.size)
const runs = Number(opt.runs)
const scenarios = opt.scenarios
  .split(',')
  .map(s => s.trim())
  .filter(Boolean)
for (const s of scenarios)
  if (!ALL.includes(s)) throw new Error(`unknown scenario ${s} (known: ${ALL.join(', ')})`)

// ---- preflight -------------------------------------------------------------------------------
const missing = []
for (const [bin, pkg] of [
  ['curl', 'curl'],
  ['openssl', 'openssl']
])
  if (!findBinary(bin)) missing.push(pkg)
if (!findBinary('docker-registry', 'registry')) missing.push('docker-registry')
if (missing.length)
  fail(`missing ${missing.join(', ')}: install with "sudo apt-get install -y ${missing.join(' ')}"`)
if (!exists(ENTRY)) fail(`${ENTRY} is missing: build it with "npm run -s package"`)
if (!opt.node) {
  const chosen = runtimeNode(join(root, 'action.yml'))
  opt.node = chosen.path
  if (chosen.note) console.log(`note: ${chosen.note}`)
}
if (!haveGnuTime())
  console.log(
    'note: GNU time is missing, peak RSS is polled from /proc (install: sudo apt-get install -y time)'
  )

/** Inputs action.yml declares, with their defaults (so the bench works before and after they exist). */
function declaredInputs() {
  const text = readFileSync(join(root, 'action.yml'), 'utf8')
  const block = text.slice(text.indexOf('\ninputs:'), text.indexOf('\noutputs:'))
  const inputs = new Map()
  let name
  for (const line of block.split('\n')) {
    const m = /^ {2}([a-z0-9-]+):\s*$/.exec(line)
    if (m) inputs.set((name = m[1]), undefined)
    const d = /^ {4}default:\s*'?([^']*)'?\s*$/.exec(line)
    if (d && name) inputs.set(name, d[1])
  }
  return inputs
}
const inputs = declaredInputs()
const hasCache = inputs.has('cache')
// An input that turns off parallel range downloads, if the action has one (name guessed by pattern).
const rangeInput = [...inputs.keys()].find(k => /range|segment|split|parts|connections/.test(k))
const singleConn = rangeInput
  ? { [rangeInput]: /^(true|false)$/.test(inputs.get(rangeInput) ?? '') ? 'false' : '1' }
  : undefined

// ---- cleanup, always -------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'oma-bench-'))
const cleanups = []
let cleaned = false
async function cleanup() {
  if (cleaned) return
  cleaned = true
  killActions()
  for (const c of cleanups.reverse()) await c().catch(() => {})
  rmSync(work, { recursive: true, force: true })
}
process.once('exit', () => {
  killActions()
  rmSync(work, { recursive: true, force: true })
})
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    console.error(`\n${sig}: cleaning up`)
    cleanup().finally(() => process.exit(130))
  })
}
const deadline = setTimeout(
  () => {
    console.error(`\nbench exceeded --timeout-min ${opt['timeout-min']}: stopping`)
    cleanup().finally(() => process.exit(124))
  },
  Number(opt['timeout-min']) * 60_000
)
deadline.unref()

// ---- measurement helpers ---------------------------------------------------------------------
const samples = Object.fromEntries(
  ALL.map(s => [
    s,
    {
      action: [],
      ref: [],
      rss: [],
      cpu: [],
      registryCpu: [],
      requests: [],
      profiles: [],
      single: [],
      priming: []
    }
  ])
)
const profileDir = join(dirname(resolve(opt.json)), 'profiles')
let runNo = 0

async function action(scenario, actionInputs, { env = {}, registry, sample = true } = {}) {
  runNo++
  const nodeArgs = [
    ...opt['node-arg'],
    ...(opt.profile && sample
      ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, `${scenario}-${runNo}`)}`]
      : [])
  ]
  registry?.requests()
  const registryCpu0 = registry?.cpuSeconds()
  const r = await runActionProcess(actionInputs, {
    work,
    node: opt.node,
    nodeArgs,
    env: { ...extraEnv, ...env }
  })
  if (r.code !== 0) {
    throw new Error(
      `action ${scenario} failed (exit ${r.code}):\n${(r.stdout + r.stderr).split('\n').slice(-25).join('\n')}`
    )
  }
  if (!sample) return r
  for (const probe of r.stderr.matchAll(/memory-probe .*/g))
    console.log(`  ${scenario.padEnd(15)} ${probe[0]}`)
  const s = samples[scenario]
  s.action.push(r.seconds)
  s.rss.push(r.rssKiB / 1024)
  if (r.cpuUser !== undefined) s.cpu.push(r.cpuUser + r.cpuSys)
  if (registry) s.requests.push(registry.requests())
  if (registry) s.registryCpu.push(registry.cpuSeconds() - registryCpu0)
  if (opt.profile) {
    const dir = join(profileDir, `${scenario}-${runNo}`)
    for (const f of readdirSync(dir)) s.profiles.push(summariseProfile(join(dir, f)))
  }
  return r
}

async function timed(fn) {
  const t0 = performance.now()
  await fn()
  return (performance.now() - t0) / 1000
}

function freshDir(name) {
  const d = join(work, `${name}-${runNo}-${Math.random().toString(36).slice(2, 8)}`)
  mkdirSync(d, { recursive: true })
  return d
}

// ---- scenarios -------------------------------------------------------------------------------
async function mainScenarios(files, run) {
  const want = s => scenarios.includes(s)
  const [ra, rc] = [await startRegistry({ parent: work }), await startRegistry({ parent: work })]
  cleanups.push(
    () => ra.stop(),
    () => rc.stop()
  )
  const toolCache = join(work, `tool-cache-${run}`)
  const env = { RUNNER_TOOL_CACHE: toolCache }
  const cacheIn = on => (hasCache ? { cache: on ? 'true' : 'false' } : {})
  // push runs with the action's defaults (the cache, when the action has one, is on by default and
  // is what remembers file digests between pushes); the tool cache lives for the whole run.
  const pushInputs = {
    command: 'push',
    reference: `${ra.host}/${REPO}:${TAG}`,
    files: files.join('\n')
  }
  const actionFirst = run % 2 === 1 // alternate which side goes first
  const pair = async (name, a, c) => {
    if (!want(name)) return
    if (actionFirst) {
      await a()
      samples[name].ref.push(await timed(c))
    } else {
      samples[name].ref.push(await timed(c))
      await a()
    }
    log(name, samples[name])
  }
  const base = r => ({ base: r.url, repo: REPO, tag: TAG })

  if (want('push-cold') || want('push-again') || want('pull-cold') || want('pull-again')) {
    if (want('push-cold')) {
      await pair(
        'push-cold',
        () => action('push-cold', pushInputs, { env, registry: ra }),
        () => curlPush(files, base(rc))
      )
    } else {
      // Untimed setup, each side by itself (the action's push is what records file digests).
      await action('push-cold', pushInputs, { env, sample: false })
      await curlPush(files, base(rc))
    }
  }
  await pair(
    'push-again',
    () => action('push-again', pushInputs, { env, registry: ra }),
    () => curlPushAgain(files, base(rc))
  )

  const outA = freshDir('out-action')
  const outC = freshDir('out-curl')
  const pullInputs = on => ({
    command: 'pull',
    reference: `${ra.host}/${REPO}:${TAG}`,
    output: outA,
    ...cacheIn(on)
  })
  if (want('pull-cold')) {
    await pair(
      'pull-cold',
      () => action('pull-cold', pullInputs(false), { env, registry: ra }),
      () => curlPull({ ...base(rc), outDir: outC })
    )
  } else if (want('pull-again')) {
    await action('pull-cold', pullInputs(false), { env, sample: false })
    await curlPull({ ...base(rc), outDir: outC })
  }
  if (want('pull-again')) {
    // With a cache input, one untimed pull with the cache on first, so the timed one is the steady
    // state of "pull again" (whatever the cache records, it has recorded it).
    if (hasCache) {
      const primed = await action('pull-again', pullInputs(true), { env, sample: false })
      samples['pull-again'].priming.push(primed.seconds)
    }
    await pair(
      'pull-again',
      () => action('pull-again', pullInputs(true), { env, registry: ra }),
      async () => {
        if ((await curlPullAgain({ ...base(rc), outDir: outC })) !== 0)
          throw new Error('curl pull again re-downloaded a file')
      }
    )
  }
  await ra.stop()
  await rc.stop()
  rmSync(outA, { recursive: true, force: true })
  rmSync(outC, { recursive: true, force: true })
  rmSync(toolCache, { recursive: true, force: true })
}

async function throttledSetup(single) {
  const reg = await startRegistry({ parent: work })
  cleanups.push(() => reg.stop())
  await curlPush([single], { base: reg.url, repo: 'bench/single', tag: TAG })
  const proxy = spawn(
    process.execPath,
    [
      join(here, 'throttle-proxy.mjs'),
      '--target',
      reg.host,
      '--rate',
      opt['throttle-rate'],
      '--max-seconds',
      String(Number(opt['timeout-min']) * 60)
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] }
  )
  const stopProxy = async () => {
    if (proxy.exitCode !== null) return
    const gone = new Promise(r => proxy.once('exit', r))
    proxy.kill('SIGTERM')
    await gone
  }
  cleanups.push(stopProxy)
  const port = await new Promise((res, rej) => {
    let buf = ''
    proxy.stdout.on('data', d => {
      buf += d
      const m = /listening (\d+)/.exec(buf)
      if (m) res(Number(m[1]))
    })
    proxy.once('exit', c => rej(new Error(`throttle proxy exited (${c})`)))
  })
  const manifest = JSON.parse(await curlText(`${reg.url}/v2/bench/single/manifests/${TAG}`))
  return {
    reg,
    host: `127.0.0.1:${port}`,
    layer: manifest.layers[0],
    stop: async () => (await stopProxy(), await reg.stop())
  }
}

function curlText(url) {
  return new Promise((res, rej) => {
    const c = spawn(
      'curl',
      ['-sS', '-f', '-H', 'Accept: application/vnd.oci.image.manifest.v1+json', url],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    )
    let out = ''
    c.stdout.on('data', d => (out += d))
    c.on('close', code => (code === 0 ? res(out) : rej(new Error(`curl ${url} exited ${code}`))))
  })
}

async function throttledRun(t, run) {
  const name = 'pull-throttled'
  const inputsFor = extra => ({
    command: 'pull',
    reference: `${t.host}/bench/single:${TAG}`,
    output: freshDir('out-throttled'),
    ...(hasCache ? { cache: 'false' } : {}),
    ...extra
  })
  const a = () => action(name, inputsFor({}), { registry: t.reg })
  const single = async () => {
    if (singleConn) {
      const r = await action(name, inputsFor(singleConn), { sample: false })
      samples[name].single.push(r.seconds)
    }
    const out = join(
      freshDir('out-throttled-curl'),
      t.layer.annotations['org.opencontainers.image.title']
    )
    samples[name].ref.push(
      await timed(() => curlFetchBlob(`http://${t.host}`, 'bench/single', t.layer, out))
    )
  }
  if (run % 2 === 1) {
    await a()
    await single()
  } else {
    await single()
    await a()
  }
  for (const d of readdirSync(work))
    if (d.startsWith('out-throttled')) rmSync(join(work, d), { recursive: true, force: true })
  log(name, samples[name])
}

// ---- report ----------------------------------------------------------------------------------
const median = xs => {
  if (!xs.length) return undefined
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

function log(name, s) {
  const i = s.action.length - 1
  const single = s.single.length ? ` single-conn action ${s.single.at(-1).toFixed(2)} s` : ''
  console.log(
    `  ${name.padEnd(15)} action ${s.action[i]?.toFixed(2)} s  curl ${s.ref.at(-1)?.toFixed(2)} s${single}  rss ${s.rss[i]?.toFixed(0)} MiB`
  )
}

function rows(bytesMain, bytesSingle) {
  return scenarios.map(name => {
    const s = samples[name]
    const a = median(s.action)
    // The throttled row compares with the action itself over one connection when it can.
    const refMedian =
      name === 'pull-throttled' && s.single.length ? median(s.single) : median(s.ref)
    const ratio = a / refMedian
    const rss = Math.max(...s.rss)
    const fails = [
      ...(ratio <= TARGETS[name] ? [] : ['ratio']),
      ...(rss <= RSS_TARGET_MIB ? [] : ['rss'])
    ]
    const bytes = name === 'pull-throttled' ? bytesSingle : bytesMain
    return {
      scenario: name,
      actionSeconds: round(a, 3),
      referenceSeconds: round(refMedian, 3),
      reference:
        name === 'pull-throttled' && s.single.length
          ? `action, ${rangeInput}=${Object.values(singleConn)[0]}`
          : 'curl',
      curlSeconds: round(median(s.ref), 3),
      MBps: round(bytes / 1e6 / a, 1),
      ratio: round(ratio, 3),
      perRunRatios: s.action.map((x, i) =>
        round(x / (name === 'pull-throttled' && s.single.length ? s.single[i] : s.ref[i]), 3)
      ),
      peakRssMiB: round(rss, 1),
      cpuSeconds: round(median(s.cpu), 2),
      // The registry's own CPU while the action ran: on a 2-core machine the two share the cores.
      registryCpuSeconds: round(median(s.registryCpu), 2),
      target: TARGETS[name],
      pass: fails.length === 0,
      fails,
      runs: {
        action: s.action.map(x => round(x, 3)),
        curl: s.ref.map(x => round(x, 3)),
        singleConnAction: s.single.map(x => round(x, 3)),
        primingPull: s.priming.map(x => round(x, 3))
      },
      requests: s.requests,
      profiles: s.profiles
    }
  })
}

function round(x, d) {
  return x === undefined || Number.isNaN(x) ? null : Math.round(x * 10 ** d) / 10 ** d
}

function table(rs) {
  const head = [
    'scenario',
    'action s',
    'ref s',
    'MB/s',
    'ratio',
    'peak RSS MiB',
    'CPU s (action/registry)',
    'target',
    'result'
  ]
  const body = rs.map(r => [
    r.scenario,
    r.actionSeconds?.toFixed(2),
    `${r.referenceSeconds?.toFixed(2)}${r.reference === 'curl' ? '' : ' *'}`,
    r.MBps?.toFixed(0),
    `${r.ratio?.toFixed(3)}×`,
    r.peakRssMiB?.toFixed(0),
    `${r.cpuSeconds?.toFixed(2) ?? '?'} / ${r.registryCpuSeconds?.toFixed(2) ?? '?'}`,
    `≤ ${r.target.toFixed(2)}×`,
    r.pass ? 'pass' : `FAIL (${r.fails.join(', ')})`
  ])
  const w = head.map((h, i) => Math.max(h.length, ...body.map(b => String(b[i]).length)))
  const line = cells => `| ${cells.map((c, i) => String(c).padEnd(w[i])).join(' | ')} |`
  return [line(head), `|${w.map(x => '-'.repeat(x + 2)).join('|')}|`, ...body.map(line)].join('\n')
}

// ---- main ------------------------------------------------------------------------------------
async function main() {
  const started = new Date()
  const log2 = m => console.log(m)
  const mainWanted = scenarios.some(s => s !== 'pull-throttled')
  const files = mainWanted
    ? await ensureModel(join(opt['model-dir'], `model-${sizeMiB}`), modelLayout(sizeMiB), log2)
    : []
  const bytesMain = files.reduce((n, f) => n + statSync(f).size, 0)
  const singleFiles = scenarios.includes('pull-throttled')
    ? await ensureModel(
        join(opt['model-dir'], `single-${opt['throttle-size']}`),
        singleBlobLayout(Number(opt['throttle-size'])),
        log2
      )
    : []
  const bytesSingle = singleFiles.length ? statSync(singleFiles[0]).size : 0
  const nodeVersion = await new Promise(res => {
    const c = spawn(opt.node, ['--version'])
    let v = ''
    c.stdout.on('data', d => (v += d))
    c.on('close', () => res(v.trim()))
  })
  console.log(
    `model ${(bytesMain / MiB).toFixed(0)} MiB in ${files.length} files; node ${nodeVersion}; ${runs} run(s); cache input: ${hasCache ? 'yes' : 'no'}; range input: ${rangeInput ?? 'none'}`
  )
  for (let run = 1; run <= runs; run++) {
    runNo = run * 100
    console.log(`run ${run}/${runs}`)
    if (mainWanted) await mainScenarios(files, run)
  }
  if (scenarios.includes('pull-throttled')) {
    console.log(
      `pull-throttled: ${(bytesSingle / MiB).toFixed(0)} MiB blob through a ${opt['throttle-rate']} MB/s-per-connection proxy`
    )
    const t = await throttledSetup(singleFiles[0])
    for (let run = 1; run <= runs; run++) await throttledRun(t, run)
    await t.stop()
  }
  const rs = rows(bytesMain, bytesSingle)
  console.log()
  console.log(table(rs))
  if (rs.some(r => r.reference !== 'curl'))
    console.log('* pull-throttled reference: the action itself over one connection')
  console.log(
    `ratio = median action wall time / median reference wall time; RSS target ≤ ${RSS_TARGET_MIB} MiB`
  )
  if (opt.profile) {
    for (const r of rs)
      for (const p of r.profiles.slice(0, 1)) console.log(`\n${r.scenario}\n${formatProfile(p)}`)
  }
  const result = {
    date: started.toISOString(),
    machine: machine(),
    node: nodeVersion,
    code: codeState(),
    sizeMiB,
    bytes: bytesMain,
    throttle: { rateMBps: Number(opt['throttle-rate']), sizeMiB: Number(opt['throttle-size']) },
    runs,
    cacheInput: hasCache,
    rangeInput: rangeInput ?? null,
    rows: rs
  }
  mkdirSync(dirname(resolve(opt.json)), { recursive: true })
  writeFileSync(opt.json, `${JSON.stringify(result, null, 2)}\n`)
  console.log(`\nwrote ${opt.json}`)
}

function machine() {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8')
  const model = /model name\s*:\s*(.+)/.exec(cpu)?.[1]
  const cores = (cpu.match(/^processor\s*:/gm) ?? []).length
  const mem =
    Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / MiB
  return `${cores} cores (${model}), ${mem.toFixed(0)} GiB RAM, Linux`
}

/** Which code was measured: the commit, whether src/ or dist/ differ from it, the bundle's hash. */
function codeState() {
  const git = args => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim()
    } catch {
      return null
    }
  }
  return {
    commit: git(['rev-parse', 'HEAD']),
    uncommitted:
      git(['status', '--porcelain', '--', 'src', 'dist', 'action.yml'])?.split('\n').filter(Boolean)
        .length ?? null,
    dist: `sha256:${createHash('sha256').update(readFileSync(ENTRY)).digest('hex')}`
  }
}

function exists(p) {
  try {
    statSync(p)
    return true
  } catch {
    return false
  }
}

function fail(msg) {
  console.error(msg)
  process.exit(2)
}

try {
  await main()
} catch (e) {
  console.error(e instanceof Error ? e.stack : e)
  process.exitCode = 1
} finally {
  await cleanup()
}
