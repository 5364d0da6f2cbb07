/**
 * A fault-injecting HTTP proxy on loopback, in front of a real registry. A rule looks at each
 * request and may inject one fault: answer a status itself (429/503 with Retry-After), reset or
 * truncate the response body after N bytes, flip a byte, stall, reset or stall the upload after N
 * request bytes, or redirect to a second host. Everything else is forwarded unchanged (the Host
 * header too, so the registry's Locations point back at the proxy). It records every request with
 * the bytes that crossed it in each direction, which is how tests count bytes re-sent.
 *
 * `startStorage()` is the second host of the redirect case: object storage that serves blobs (with
 * Range) straight from the registry's data folder and records every header it receives.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'

/** One fault to inject into a request. */
export type Fault =
  /** Answer with this status without forwarding (e.g. 429/503 with `retry-after`). */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** Forward; reset the client's connection after `afterBytes` bytes of the response body. */
  | { kind: 'reset-response'; afterBytes: number }
  /** Forward; close the client's connection cleanly after `afterBytes` body bytes (short body). */
  | { kind: 'truncate-response'; afterBytes: number }
  /** Forward; flip the bits of the response body byte at `atByte`. */
  | { kind: 'corrupt-response'; atByte: number }
  /** Forward; after `afterBytes` body bytes, send nothing more (the client must time out). */
  | { kind: 'stall-response'; afterBytes: number }
  /** Read the request body up to `afterBytes`, then reset both connections (mid-upload reset). */
  | { kind: 'reset-request'; afterBytes: number }
  /** Forward the request body up to `afterBytes`, then stop reading it (a stalled upload). */
  | { kind: 'stall-request'; afterBytes: number }
  /** Answer 307 to this URL (blob GETs to object storage). */
  | { kind: 'redirect'; location: string }
  /** Forward without the `Range` header (a server that ignores Range and answers 200). */
  | { kind: 'strip-range' }
  /** Forward, then answer with another status and/or extra headers (registry quirks, e.g. ECR). */
  | { kind: 'rewrite'; status?: number; headers?: Record<string, string> }

/** What a rule sees of a request. */
export interface ProxiedRequest {
  method: string
  /** Path and query. */
  path: string
  headers: IncomingHttpHeaders
}

/** Decides the fault of a request, or undefined to forward it unchanged. */
export type FaultRule = (req: ProxiedRequest) => Fault | undefined

/** One request that crossed the proxy. */
export interface ProxyLogEntry extends ProxiedRequest {
  fault?: Fault['kind']
  status?: number
  /** Request body bytes received from the client. */
  requestBytes: number
  /** Response body bytes sent to the client. */
  responseBytes: number
}

/** A running proxy. */
export interface FaultProxy {
  /** `127.0.0.1:PORT`: use it as the registry host of a reference. */
  host: string
  origin: string
  log: ProxyLogEntry[]
  /** Replaces the rule (undefined: forward everything). */
  setRule(rule: FaultRule | undefined): void
  stop(): Promise<void>
}

/** Starts a proxy in front of `upstream` (`127.0.0.1:PORT` of the registry). */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const [upHost, upPort] = upstream.split(':') as [string, string]
  let rule: FaultRule | undefined
  const log: ProxyLogEntry[] = []

  const server = createServer((req, res) => {
    const seen: ProxiedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers
    }
    const fault = rule?.(seen)
    const entry: ProxyLogEntry = {
      ...seen,
      ...(fault ? { fault: fault.kind } : {}),
      requestBytes: 0,
      responseBytes: 0
    }
    log.push(entry)
    if (fault?.kind === 'status' || fault?.kind === 'redirect') {
      req.on('data', (c: Buffer) => (entry.requestBytes += c.length))
      req.on('end', () => {
        entry.status = fault.kind === 'status' ? fault.status : 307
        const body = fault.kind === 'status' ? (fault.body ?? '') : ''
        const headers =
          fault.kind === 'status' ? (fault.headers ?? {}) : { location: fault.location }
        res.writeHead(entry.status, { 'content-length': Buffer.byteLength(body), ...headers })
        res.end(body)
      })
      return
    }
    const headers = { ...req.headers }
    if (fault?.kind === 'strip-range') delete headers.range
    const up = httpRequest({
      host: upHost,
      port: Number(upPort),
      method: req.method,
      path: req.url,
      headers
    })
    const killBoth = (): void => {
      up.destroy()
      req.socket.destroy()
    }
    up.on('error', () => req.socket.destroy())
    req.on('error', () => up.destroy())
    req.socket.on('close', () => up.destroy())
    req.on('data', (chunk: Buffer) => {
      if (fault?.kind === 'reset-request' || fault?.kind === 'stall-request') {
        const room = fault.afterBytes - entry.requestBytes
        if (room <= 0) return
        if (chunk.length >= room) {
          entry.requestBytes += room
          up.write(chunk.subarray(0, room))
          if (fault.kind === 'reset-request') killBoth()
          else req.pause() // nothing is read any more; the client's watchdog must notice
          return
        }
      }
      entry.requestBytes += chunk.length
      if (!up.write(chunk)) {
        req.pause()
        up.once('drain', () => req.resume())
      }
    })
    req.on('end', () => up.end())
    up.on('response', (ur: IncomingMessage) => {
      const rewrite = fault?.kind === 'rewrite' ? fault : undefined
      entry.status = rewrite?.status ?? ur.statusCode
      res.writeHead(entry.status ?? 502, { ...ur.headers, ...rewrite?.headers })
      let sent = 0
      ur.on('data', (chunk: Buffer) => {
        let out = chunk
        if (fault?.kind === 'corrupt-response' && fault.atByte >= sent) {
          const i = fault.atByte - sent
          if (i < chunk.length) {
            out = Buffer.from(chunk)
            out[i] = (out[i] as number) ^ 0xff
          }
        }
        if (
          fault?.kind === 'reset-response' ||
          fault?.kind === 'truncate-response' ||
          fault?.kind === 'stall-response'
        ) {
          const room = fault.afterBytes - sent
          if (room <= 0) return
          if (out.length >= room) {
            out = out.subarray(0, room)
            sent += out.length
            entry.responseBytes += out.length
            res.write(out)
            ur.destroy()
            if (fault.kind === 'reset-response') res.socket?.resetAndDestroy?.()
            else if (fault.kind === 'truncate-response') res.socket?.end()
            // stall-response: keep the socket open and send nothing more.
            return
          }
        }
        sent += out.length
        entry.responseBytes += out.length
        if (!res.write(out)) {
          ur.pause()
          res.once('drain', () => ur.resume())
        }
      })
      ur.on('end', () => res.end())
      ur.on('error', () => res.socket?.destroy())
    })
  })
  server.keepAliveTimeout = 1000
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    host: `127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    log,
    setRule(r) {
      rule = r
    },
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** The object-storage host of the redirect case. */
export interface StorageHost {
  origin: string
  /** Every request: method, path and all headers as received. */
  seen: ProxiedRequest[]
  /** The URL a blob is served at, with a pre-signed-looking query. */
  urlFor(digest: string): string
  stop(): Promise<void>
}

/**
 * Serves `GET /blobs/<digest>?X-Amz-Signature=…` from the registry's data folder, honouring
 * `Range: bytes=N-` and `bytes=N-M`, like S3 behind a registry's 307.
 */
export async function startStorage(
  dataDir: string,
  signature = 'presigned-secret-sig'
): Promise<StorageHost> {
  const seen: ProxiedRequest[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers })
    void (async () => {
      const m = /^\/blobs\/sha256:([a-f0-9]{64})\?/.exec(req.url ?? '')
      if (!m || !String(req.url).includes(`X-Amz-Signature=${signature}`)) {
        res.writeHead(403).end()
        return
      }
      const hex = m[1] as string
      const file = join(dataDir, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data')
      const info = await stat(file).catch(() => undefined)
      if (!info) {
        res.writeHead(404).end()
        return
      }
      const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''))
      const start = range ? Number(range[1]) : 0
      const last = range?.[2] ? Math.min(Number(range[2]), info.size - 1) : info.size - 1
      if (range && start < info.size && start <= last) {
        res.writeHead(206, {
          'content-length': last - start + 1,
          'content-range': `bytes ${start}-${last}/${info.size}`
        })
        createReadStream(file, { start, end: last }).pipe(res)
        return
      }
      res.writeHead(200, { 'content-length': info.size })
      createReadStream(file).pipe(res)
    })()
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  return {
    origin,
    seen,
    urlFor: digest => `${origin}/blobs/${digest}?X-Amz-Expires=300&X-Amz-Signature=${signature}`,
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
