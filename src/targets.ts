/**
 * Opens the Target a reference names: a registry repository (with the credential chain) or an
 * on-disk OCI image layout. Commands never branch on the transport beyond this point.
 */
import {
  type AnyReference,
  LayoutTarget,
  type Logger,
  RegistryTarget,
  type Target,
  formatReference
} from './oci/index.js'
import type { CommonRequest } from './inputs.js'
import { credentialChain } from './credentials.js'

/** A target with how to print and address it. */
export interface OpenedTarget {
  target: Target
  /** `registry/repository` or `oci-layout:PATH`, for messages and the canonical reference output. */
  base: string
  /** The tag the reference named, if any. */
  tag?: string
  /** The digest the reference named, if any. */
  digest?: string
  kind: AnyReference['kind']
}

/** How the action talks to the outside: masking, logging. */
export interface TargetContext {
  logger: Logger
  mask: (secret: string) => void
  userAgent: string
}

/**
 * Opens the target. `forWriting` (a push or copy destination) creates a missing OCI layout folder,
 * and has a registry ask for push access from its first request on.
 */
export async function openTarget(
  ref: AnyReference,
  req: CommonRequest,
  ctx: TargetContext,
  forWriting: boolean,
  /** The registry the username/password inputs belong to (default: this reference's). */
  explicitHost?: string
): Promise<OpenedTarget> {
  if (ref.kind === 'layout') {
    const target = await LayoutTarget.open(ref.ref.path, { create: forWriting, logger: ctx.logger })
    return {
      target,
      base: `oci-layout:${ref.ref.path}`,
      tag: ref.ref.tag,
      digest: ref.ref.digest,
      kind: 'layout'
    }
  }
  const credentials = credentialChain({
    explicitHost: explicitHost ?? ref.ref.registry,
    username: req.username,
    password: req.password,
    githubToken: req.githubToken,
    mask: ctx.mask,
    log: m => ctx.logger.info(m)
  })
  const target = new RegistryTarget({
    reference: ref.ref,
    credentials,
    plainHttp: req.plainHttp,
    logger: ctx.logger,
    onSecret: ctx.mask,
    userAgent: ctx.userAgent,
    forWriting
  })
  return {
    target,
    base: formatReference({ registry: ref.ref.registry, repository: ref.ref.repository }),
    tag: ref.ref.tag,
    digest: ref.ref.digest,
    kind: 'registry'
  }
}

/** The canonical `base@digest` form of a pushed or pulled manifest. */
export function canonical(t: OpenedTarget, digest: string): string {
  return `${t.base}@${digest}`
}
