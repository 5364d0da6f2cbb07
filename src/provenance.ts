/**
 * Provenance annotations recorded on pushed manifests when running in GitHub Actions. GHCR links a
 * package to its repository through `org.opencontainers.image.source`.
 */

/** Annotations derived from the GITHUB_* environment; empty outside Actions. */
export function provenanceAnnotations(
  env: NodeJS.ProcessEnv = process.env,
  now: Date = new Date()
): Record<string, string> {
  if (env.GITHUB_ACTIONS !== 'true') return {}
  const out: Record<string, string> = {
    'org.opencontainers.image.created': now.toISOString().replace(/\.\d{3}Z$/, 'Z')
  }
  if (env.GITHUB_REPOSITORY) {
    out['org.opencontainers.image.source'] =
      `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}`
  }
  if (env.GITHUB_SHA) out['org.opencontainers.image.revision'] = env.GITHUB_SHA
  return out
}
