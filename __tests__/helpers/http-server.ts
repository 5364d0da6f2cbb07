/**
 * A scripted HTTP server on 127.0.0.1 for unit tests of the registry client: each request is
 * recorded (method, URL, headers, body length) and answered by the test's handler.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the server saw. */
export interface SeenRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  bodyBytes: number
}

/** A running scripted server. */
export interface ScriptedServer {
  /** `127.0.0.1:PORT`. */
  host: string
  /** `http://127.0.0.1:PORT`. */
  origin: string
  seen: SeenRequest[]
  close(): Promise<void>
}

/** Handler: gets the request (body already read) and answers it. */
export type Script = (req: SeenRequest, res: ServerResponse) => void | Promise<void>

/** Starts a server answering with `script`. */
export async function startScriptedServer(script: Script): Promise<ScriptedServer> {
  const seen: SeenRequest[] = []
  const server = createServer(async (req, res) => {
    let bodyBytes = 0
    for await (const c of req) bodyBytes += (c as Buffer).length
    const rec = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, bodyBytes }
    seen.push(rec)
    try {
      await script(rec, res)
    } catch {
      res.statusCode = 599
      res.end()
    }
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    host: `127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** Answers with a status, headers and an optional body. */
export function reply(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | number> = {},
  body: string | Buffer = ''
): void {
  res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers })
  res.end(body)
}
