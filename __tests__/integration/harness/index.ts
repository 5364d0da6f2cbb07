/**
 * The real-registry harness of the integration suite.
 *
 * ```ts
 * const reg = await startRegistry({ auth: 'token' })   // 'none' | 'htpasswd' | 'token'
 * // reg.host = '127.0.0.1:PORT'; reg.username/reg.password for the auth modes
 * // reg.requests() → access log entries { method, path, status, userAgent }
 * // reg.tokenServer?.requests() → every token request { method, scopes, user, status, … }
 * await reg.stop()
 * ```
 *
 * It never skips: a missing `docker-registry`, `htpasswd` or `openssl` is an error that says how to
 * install it.
 */
export {
  startRegistry,
  parseAccessLog,
  type AccessLogEntry,
  type RegistryAuth,
  type RegistryOptions,
  type RunningRegistry
} from './registry.js'
export type { TokenRequest, TokenServer } from './token-server.js'
export { libtrustKeyId } from './pki.js'
export { findBinary, freePort } from './process-utils.js'
export {
  startFaultProxy,
  startStorage,
  type Fault,
  type FaultProxy,
  type FaultRule,
  type ProxiedRequest,
  type ProxyLogEntry,
  type StorageHost
} from './fault-proxy.js'
