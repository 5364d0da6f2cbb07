// A TCP proxy that slows the server → client direction to a byte rate, so that a test can stop a
// download midway (e.g. kill the action while a blob is half written).
import { createServer, connect, type Socket } from 'node:net'

/** A running throttle. */
export interface Throttle {
  /** `127.0.0.1:PORT`, usable as the registry part of a reference. */
  host: string
  stop(): Promise<void>
}

/** Starts a proxy to `upstreamUrl` (http://host:port) that sends at most `bytesPerSecond` back. */
export async function startThrottle(
  upstreamUrl: string,
  bytesPerSecond: number
): Promise<Throttle> {
  const up = new URL(upstreamUrl)
  const sockets = new Set<Socket>()
  const tick = 50
  const perTick = Math.max(1, Math.floor((bytesPerSecond * tick) / 1000))
  const server = createServer(client => {
    const upstream = connect(Number(up.port), up.hostname)
    sockets.add(client).add(upstream)
    const queue: Buffer[] = []
    let ended = false
    const timer = setInterval(() => {
      let budget = perTick
      while (budget > 0 && queue.length) {
        const head = queue[0] as Buffer
        const part = head.subarray(0, budget)
        client.write(part)
        budget -= part.length
        if (part.length === head.length) queue.shift()
        else queue[0] = head.subarray(part.length)
      }
      if (ended && queue.length === 0) {
        clearInterval(timer)
        client.end()
      }
    }, tick)
    upstream.on('data', d => queue.push(d))
    upstream.on('end', () => (ended = true))
    client.pipe(upstream)
    const close = (): void => {
      clearInterval(timer)
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('error', close).on('close', close)
    upstream.on('error', close)
  })
  await new Promise<void>(res => server.listen(0, '127.0.0.1', res))
  const { port } = server.address() as { port: number }
  return {
    host: `127.0.0.1:${port}`,
    stop: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>(res => server.close(() => res()))
    }
  }
}
