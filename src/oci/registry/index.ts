/** The registry Target over HTTP: what the rest of the action needs from src/oci/registry. */
export { RegistryTarget, type RegistryTargetOptions } from './registry-target.js'
export { defaultRetryPolicy, retryPolicy, type RetryPolicy } from './retry.js'
export { parseChallenges, type Challenge } from './challenge.js'
export { DEFAULT_USER_AGENT } from './http.js'
