// A TCP proxy on loopback that limits every connection, in each direction, to a fixed rate (a token
// bucket per connection and direction), the way CDNs and proxies cap a single connection. Run as a
// child process so its work does not share the benchmark's event loop:
//
//   node bench/throttle-proxy.mjs --target 127.0.0.1:5000 --rate 50 [--burst-kib 256] [--max-seconds 900]
//
// It prints `listening <port>` once ready, and stops on its own when its parent closes stdin (the
// parent died or is done), on SIGTERM/SIGINT, or after --max-seconds.
import { performance } from 'node:perf_hooks'
import { connect, createServer } from 'node:net'
import { parseArgs } from 'node:util'

/**
 * Starts the proxy in this process. `rateMBps` is in MB/s (10^6 bytes). Returns { port, close() }.
 * Each direction of each connection has its own bucket of `burst` bytes refilled at the rate; a
 * chunk that finds the bucket short pauses its source until the bucket has refilled enough.
 */
export function startThrottleProxy({ target, rateMBps, burstBytes = 256 * 1024, port = 0 }) {
  const [host, targetPort] = splitHostPort(target)
  const rate = rateMBps * 1e6 // bytes per second
  const sockets = new Set()
  const server = createServer(client => {
    const upstream = connect({ host, port: targetPort })
    sockets.add(client)
    sockets.add(upstream)
    const done = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    for (const s of [client, upstream]) {
      s.on('error', done)
      s.on('close', done)
    }
    throttle(client, upstream, rate, burstBytes)
    throttle(upstream, client, rate, burstBytes)
  })
  return new Promise((resolve, reject) => {
    server.on('error', reject)
    server.listen(port, '127.0.0.1', () => {
      resolve({
        port: server.address().port,
        close: () =>
          new Promise(r => {
            for (const s of sockets) s.destroy()
            server.close(() => r())
          })
      })
    })
  })
}

function throttle(from, to, rate, burst) {
  let tokens = burst
  let last = performance.now()
  from.on('data', chunk => {
    const now = performance.now()
    tokens = Math.min(burst, tokens + ((now - last) / 1000) * rate)
    last = now
    tokens -= chunk.length
    const flushed = to.write(chunk)
    if (tokens < 0 || !flushed) {
      from.pause()
      const wait = tokens < 0 ? (-tokens / rate) * 1000 : 0
      const resume = () => setTimeout(() => from.resume(), wait)
      if (flushed) resume()
      else to.once('drain', resume)
    }
  })
  from.on('end', () => to.end())
}

function splitHostPort(s) {
  const i = s.lastIndexOf(':')
  return [s.slice(0, i), Number(s.slice(i + 1))]
}

async function main() {
  const { values } = parseArgs({
    options: {
      target: { type: 'string' },
      rate: { type: 'string', default: '50' },
      'burst-kib': { type: 'string', default: '256' },
      'max-seconds': { type: 'string', default: '900' }
    }
  })
  if (!values.target) throw new Error('--target host:port is required')
  const proxy = await startThrottleProxy({
    target: values.target,
    rateMBps: Number(values.rate),
    burstBytes: Number(values['burst-kib']) * 1024
  })
  const stop = async () => {
    await proxy.close()
    process.exit(0)
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  process.stdin.on('end', stop)
  process.stdin.on('close', stop)
  process.stdin.resume()
  setTimeout(stop, Number(values['max-seconds']) * 1000).unref()
  process.stdout.write(`listening ${proxy.port}\n`)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch(e => {
    console.error(e)
    process.exit(1)
  })
}
