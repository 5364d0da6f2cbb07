/**
 * When a copy fetches one blob as parallel byte ranges, and the connection budget those ranges
 * share with `concurrency`: each blob in flight holds one connection, a split blob takes the ones
 * left (never more than `connections` in all), and gives them back as its ranges finish.
 */

/** When and how a blob is fetched as parallel byte ranges. */
export interface RangeSettings {
  /** Blobs of at least this many bytes are split (default 64 MiB). */
  threshold: number
  /**
   * Bytes per range (default 32 MiB): large enough that a request's round trip is noise, small
   * enough that 1 GiB spreads over 8 connections with little tail.
   */
  partSize: number
  /** Connections the whole copy may hold for blob downloads (default 8). */
  connections: number
  /**
   * A first range arriving at this many bytes per second or faster leaves the blob on one
   * connection (default 64 MiB/s). Below it, one connection is likely capped (a CDN or proxy
   * limits each one), and more connections multiply the rate; above it, the link or the CPU is the
   * limit, and splitting only adds read-backs and contention (measured: a cold 1 GiB pull from a
   * loopback registry is ~20% slower split). Infinity: always split.
   */
  fastConnection: number
}

/** The default RangeSettings (a fresh object each time). */
export function defaultRangeSettings(): RangeSettings {
  return {
    threshold: 64 * 1024 * 1024,
    partSize: 32 * 1024 * 1024,
    connections: 8,
    fastConnection: 64 * 1024 * 1024
  }
}

/** Counts the connections of one copy (see the module comment). */
export class ConnectionBudget {
  private inUse = 0
  constructor(private readonly limit: number) {}

  /** Holds the connection of one blob transfer until `fn` settles (always granted). */
  async hold<T>(fn: () => Promise<T>): Promise<T> {
    this.inUse++
    try {
      return await fn()
    } finally {
      this.inUse--
    }
  }

  /** One more connection, as a function that gives it back (once); undefined when none is free. */
  extra(): (() => void) | undefined {
    if (this.inUse >= this.limit) return undefined
    this.inUse++
    let given = false
    return () => {
      if (!given) this.inUse--
      given = true
    }
  }
}
