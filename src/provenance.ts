/**
 * Provenance annotations recorded on pushed manifests when running in GitHub Actions. GHCR links a
 * package to its repository through `org.opencontainers.image.source`.
 */

/** SOURCE_DATE_EPOCH (whole seconds since 1970) as a Date, or undefined when unset or invalid. */
function sourceDate(env: NodeJS.ProcessEnv): Date | undefined {
  const epoch = env.SOURCE_DATE_EPOCH?.trim()
  return epoch && /^\d{1,12}$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined
}

/**
 * The time `created` records: SOURCE_DATE_EPOCH when set (the reproducible-builds convention that
 * docker buildx also follows), so that pushing the same model again makes the same manifest and
 * finds it already there; else now.
 */
export function createdTime(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): Date {
  return sourceDate(env) ?? now
}

/** True when `created` will be this run's clock time (no SOURCE_DATE_EPOCH). */
export function createdIsNow(env: NodeJS.ProcessEnv = process.env): boolean {
  return sourceDate(env) === undefined
}

/** Annotations derived from the GITHUB_* environment; empty outside Actions. */
export function provenanceAnnotations(
  env: NodeJS.ProcessEnv = process.env,
  now: Date = new Date()
): Record<string, string> {
  if (env.GITHUB_ACTIONS !== 'true') return {}
  const out: Record<string, string> = {
    'org.opencontainers.image.created': createdTime(env, now)
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
  }
  if (env.GITHUB_REPOSITORY) {
    out['org.opencontainers.image.source'] =
      `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}`
  }
  if (env.GITHUB_SHA) out['org.opencontainers.image.revision'] = env.GITHUB_SHA
  return out
}
