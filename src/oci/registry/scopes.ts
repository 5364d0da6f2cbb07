/**
 * Token scopes (distribution token spec "Token Scope Documentation"): `type:name:actions`, e.g.
 * `repository:models/x:pull,push`. Used to ask for the right access and to reuse a cached token for
 * any request whose scopes it covers.
 */

/** `repository:<name>:pull`. */
export function pullScope(repository: string): string {
  return `repository:${repository}:pull`
}

/** `repository:<name>:pull,push`: asked up front for writes, so one token serves a whole push. */
export function pushScope(repository: string): string {
  return `repository:${repository}:pull,push`
}

/** Scopes as resource (`type:name`) → actions. */
export type ScopeSet = Map<string, Set<string>>

/** Parses and merges scope strings; the actions are after the last colon, the type before the first. */
export function parseScopes(scopes: readonly string[]): ScopeSet {
  const out: ScopeSet = new Map()
  for (const scope of scopes) {
    for (const one of scope.split(' ')) {
      const last = one.lastIndexOf(':')
      if (last <= 0 || one.indexOf(':') === last) continue
      const resource = one.slice(0, last)
      const actions = out.get(resource) ?? new Set<string>()
      for (const a of one.slice(last + 1).split(',')) if (a) actions.add(a)
      out.set(resource, actions)
    }
  }
  return out
}

/** Formats a scope set back into scope strings, sorted (a stable cache key and query). */
export function formatScopes(set: ScopeSet): string[] {
  return [...set.entries()]
    .map(([resource, actions]) => `${resource}:${[...actions].sort().join(',')}`)
    .sort()
}

/** Merges scope strings into their canonical, de-duplicated form. */
export function mergeScopes(...lists: (readonly string[])[]): string[] {
  return formatScopes(parseScopes(lists.flat()))
}

/** True when `granted` allows every action of `wanted` (`*` allows all). */
export function covers(granted: ScopeSet, wanted: ScopeSet): boolean {
  for (const [resource, actions] of wanted) {
    const have = granted.get(resource)
    if (!have) return false
    if (have.has('*')) continue
    for (const a of actions) if (!have.has(a)) return false
  }
  return true
}
