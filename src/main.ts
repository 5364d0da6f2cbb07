/**
 * The action: read inputs → run one command → set outputs and the job summary. The one place that
 * turns an error into a failed step.
 */
import * as core from '@actions/core'
import { copyCommand } from './commands/copy.js'
import { inspect } from './commands/inspect.js'
import { listTags } from './commands/tags.js'
import { tag } from './commands/tag.js'
import { pull } from './commands/pull.js'
import { push } from './commands/push.js'
import { type Request, readRequest } from './inputs.js'
import { handleInterrupts } from './interrupt.js'
import { actionLogger, escapeCommands } from './log.js'
import type { CommandResult } from './result.js'
import { renderSummary } from './summary.js'
import type { TargetContext } from './targets.js'

const USER_AGENT = 'oci-model-action/0.1'

/** Runs one command for an already-validated request. */
export async function runCommand(req: Request, ctx: TargetContext): Promise<CommandResult> {
  switch (req.command) {
    case 'push':
      return core.group(`Push ${req.files.length} file(s)`, () => push(req, ctx))
    case 'pull':
      return core.group(`Pull into ${req.output}`, () => pull(req, ctx))
    case 'tag':
      return core.group(`Tag ${req.tags.join(', ')}`, () => tag(req, ctx))
    case 'copy':
      return core.group('Copy', () => copyCommand(req, ctx))
    case 'tags':
      return listTags(req, ctx)
    case 'inspect':
      return inspect(req, ctx)
  }
}

/** Sets the step outputs of a result. */
export function setOutputs(r: CommandResult): void {
  if (r.digest !== undefined) core.setOutput('digest', r.digest)
  if (r.reference !== undefined) core.setOutput('reference', r.reference)
  if (r.manifest !== undefined) core.setOutput('manifest', r.manifest)
  if (r.size !== undefined) core.setOutput('size', String(r.size))
  if (r.tags) core.setOutput('tags', JSON.stringify(r.tags))
  if (r.files) core.setOutput('files', JSON.stringify(r.files))
  if (r.cacheHit) core.setOutput('cache-hit', r.cacheHit)
}

/** The action's entry point. */
export async function run(): Promise<void> {
  // SIGINT/SIGTERM (a cancelled job) stop the action at once, removing its temporaries.
  handleInterrupts()
  try {
    const masked = new Set<string>()
    // Once per secret: the client reports a token each time it uses it.
    const mask = (secret: string): void => {
      if (!masked.has(secret)) core.setSecret(secret)
      masked.add(secret)
    }
    // Secrets are masked before anything else can print them.
    for (const name of ['password', 'github-token']) {
      const secret = core.getInput(name)
      if (secret) mask(secret)
    }
    const req = readRequest(name => core.getInput(name))
    const ctx: TargetContext = { logger: actionLogger, mask, userAgent: USER_AGENT }
    const result = await runCommand(req, ctx)
    setOutputs(result)
    core.info(`${result.verb} ${result.reference ?? result.subject ?? ''}`)
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(renderSummary(result)).write()
  } catch (e) {
    core.setFailed(escapeCommands(e instanceof Error ? e.message : String(e)))
  }
}
