import { Readable } from 'node:stream'
import { RegistryResponseError } from '../src/oci/errors.js'
import { HttpClient } from '../src/oci/registry/http.js'
import {
  backoffDelay,
  parseRetryAfter,
  retryPolicy,
  sendWithRetry,
  withRetry
} from '../src/oci/registry/retry.js'
import { reply, startScriptedServer, type ScriptedServer } from './helpers/http-server.js'

function fakeClock(): { sleeps: number[]; policy: ReturnType<typeof retryPolicy> } {
  let t = 0
  const sleeps: number[] = []
  const policy = retryPolicy({
    random: () => 0.5,
    now: () => t,
    sleep: async ms => {
      sleeps.push(ms)
      t += ms
    }
  })
  return { sleeps, policy }
}

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP-dates', () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT')
    expect(parseRetryAfter('3', now)).toBe(3000)
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:05 GMT', now)).toBe(5000)
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:27:00 GMT', now)).toBe(0)
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter('soon', now)).toBeUndefined()
  })
})

describe('backoffDelay', () => {
  it('doubles from the base, jitters within bounds and caps at maxDelayMs', () => {
    const p = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, jitter: 0.5, random: () => 0 })
    expect([1, 2, 3, 4, 5].map(n => backoffDelay(p, n))).toEqual([50, 100, 200, 400, 500])
    const hi = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, jitter: 0.5, random: () => 1 })
    expect([1, 2, 5].map(n => backoffDelay(hi, n))).toEqual([100, 200, 1000])
  })
})

describe('withRetry', () => {
  it('retries retryable network errors and gives up after maxAttempts', async () => {
    const { sleeps, policy } = fakeClock()
    let calls = 0
    const err = Object.assign(new Error('reset'), { code: 'ECONNRESET' })
    await expect(
      withRetry({ ...policy, maxAttempts: 3 }, 'op', async () => {
        calls++
        throw err
      })
    ).rejects.toBe(err)
    expect(calls).toBe(3)
    expect(sleeps).toEqual([375, 750])
  })

  it('does not retry other errors', async () => {
    const { policy } = fakeClock()
    let calls = 0
    await expect(
      withRetry(policy, 'op', async () => {
        calls++
        throw new RegistryResponseError('PUT', 'u', 400)
      })
    ).rejects.toThrow('400')
    expect(calls).toBe(1)
  })

  it('retries a thrown 503 response error', async () => {
    const { policy } = fakeClock()
    let calls = 0
    const out = await withRetry(policy, 'op', async () => {
      if (++calls < 2) throw new RegistryResponseError('PUT', 'u', 503)
      return { done: 'ok' }
    })
    expect(out).toBe('ok')
  })

  it('stops when the time budget would be exceeded', async () => {
    const { sleeps, policy } = fakeClock()
    let calls = 0
    const err = Object.assign(new Error('t'), { code: 'ETIMEDOUT' })
    await expect(
      withRetry({ ...policy, maxElapsedMs: 1000, maxAttempts: 10 }, 'op', async () => {
        calls++
        throw err
      })
    ).rejects.toBe(err)
    // 375 ms, then 750 ms would pass the 1000 ms budget: two attempts only.
    expect(sleeps).toEqual([375])
    expect(calls).toBe(2)
  })
})

describe('withRetry with progress', () => {
  it('counts attempts afresh after a failure that moved the transfer forward', async () => {
    const { sleeps, policy } = fakeClock()
    let done = 0
    let calls = 0
    const err = Object.assign(new Error('reset'), { code: 'ECONNRESET' })
    const out = await withRetry(
      { ...policy, maxAttempts: 2 },
      'upload',
      async () => {
        calls++
        if (calls < 6) {
          done += 10 // each attempt gets further before it breaks
          throw err
        }
        return { done: 'ok' }
      },
      undefined,
      { progress: () => done }
    )
    expect(out).toBe('ok')
    expect(calls).toBe(6)
    expect(sleeps.every(ms => ms === sleeps[0])).toBe(true) // the backoff never grew
  })

  it('still gives up when failures make no progress', async () => {
    const { policy } = fakeClock()
    let calls = 0
    const err = Object.assign(new Error('reset'), { code: 'ECONNRESET' })
    await expect(
      withRetry(
        { ...policy, maxAttempts: 3 },
        'upload',
        async () => {
          calls++
          throw err
        },
        undefined,
        { progress: () => 10 }
      )
    ).rejects.toBe(err)
    expect(calls).toBe(3)
  })

  it('waits for the Retry-After of a thrown response error, and not for one too long', async () => {
    const { sleeps, policy } = fakeClock()
    let calls = 0
    const busy = Object.assign(new RegistryResponseError('PATCH', 'u', 503), { retryAfter: '4' })
    await withRetry(policy, 'chunk', async () => {
      if (++calls === 1) throw busy
      return { done: 1 }
    })
    expect(sleeps).toEqual([4000])
    const long = Object.assign(new RegistryResponseError('PATCH', 'u', 429), { retryAfter: '3600' })
    await expect(
      withRetry(policy, 'chunk', async () => {
        throw long
      })
    ).rejects.toBe(long)
  })
})

describe('sendWithRetry against a local server', () => {
  let server: ScriptedServer
  const http = new HttpClient()
  let script: (n: number) => { status: number; headers?: Record<string, string> }

  beforeAll(async () => {
    server = await startScriptedServer((_req, res) => {
      const r = script(server.seen.length)
      reply(res, r.status, r.headers ?? {}, r.status === 200 ? 'ok' : 'busy')
    })
  })
  afterAll(async () => {
    await http.close()
    await server.close()
  })
  beforeEach(() => server.seen.splice(0))

  it('sends the body again from its factory and honours Retry-After', async () => {
    const { sleeps, policy } = fakeClock()
    script = n =>
      n < 3 ? { status: n === 1 ? 429 : 503, headers: { 'retry-after': '2' } } : { status: 200 }
    let opened = 0
    const res = await sendWithRetry(http, policy, {
      method: 'PUT',
      url: new URL(`${server.origin}/upload`),
      headers: { 'content-length': '5' },
      body: () => {
        opened++
        return Readable.from([Buffer.from('hello')])
      }
    })
    expect(res.status).toBe(200)
    await res.body.resume()
    expect(opened).toBe(3)
    expect(sleeps).toEqual([2000, 2000])
    expect(server.seen.map(r => r.bodyBytes)).toEqual([5, 5, 5])
  })

  it('returns the last response when attempts run out, and does not wait for a long Retry-After', async () => {
    const { sleeps, policy } = fakeClock()
    script = () => ({ status: 429, headers: { 'retry-after': '3600' } })
    const res = await sendWithRetry(http, policy, {
      method: 'GET',
      url: new URL(`${server.origin}/x`)
    })
    expect(res.status).toBe(429)
    await res.body.resume()
    expect(sleeps).toEqual([])
    expect(server.seen).toHaveLength(1)
  })

  it('does not retry 404', async () => {
    const { policy } = fakeClock()
    script = () => ({ status: 404 })
    const res = await sendWithRetry(http, policy, {
      method: 'GET',
      url: new URL(`${server.origin}/x`)
    })
    expect(res.status).toBe(404)
    await res.body.resume()
    expect(server.seen).toHaveLength(1)
  })
})

describe('HttpClient timeouts', () => {
  it('gives up on a server that never answers after the idle timeout, and retries', async () => {
    const { createServer } = await import('node:http')
    let seen = 0
    const server = createServer(() => {
      seen++ // never answers
    })
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as { port: number }).port
    const http = new HttpClient({ idleTimeoutMs: 200 })
    const t0 = Date.now()
    const err = await sendWithRetry(http, retryPolicy({ maxAttempts: 2, baseDelayMs: 1 }), {
      method: 'PUT',
      url: new URL(`http://127.0.0.1:${port}/v2/x/manifests/t`),
      body: () => Buffer.from('{}')
    }).catch((e: unknown) => e)
    expect(errorCodeOf(err)).toBe('UND_ERR_HEADERS_TIMEOUT')
    expect(seen).toBe(2)
    expect(Date.now() - t0).toBeLessThan(3000)
    await http.close()
    server.closeAllConnections()
    server.close()
  })
})

function errorCodeOf(e: unknown): string | undefined {
  for (let cur = e as { code?: string; cause?: unknown } | undefined; cur;) {
    if (cur.code) return cur.code
    cur = cur.cause as typeof cur
  }
  return undefined
}
