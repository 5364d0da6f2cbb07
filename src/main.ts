/**
 * The action: read inputs → run one command → set outputs and the job summary. The one place that
 * turns an error into a failed step. Each command is imported when it runs (a chunk of its own):
 * `tag` and `inspect` never load the file and tar code, and a bad input fails before any of it.
 */
import { type Request, readRequest } from './inputs.js'
import { handleInterrupts } from './interrupt.js'
import { actionLogger, escapeCommands } from './log.js'
import type { CommandResult } from './result.js'
import * as core from '@actions/core'
import { renderSummary } from './summary.js'
import type { TargetContext } from './targets.js'

const USER_AGENT = 'oci-model-action/0.1'

/** Runs one command for an already-validated request. */
export async function runCommand(req: Request, ctx: TargetContext): Promise<CommandResult> {
  switch (req.command) {
    case 'push':
      return core.group(`Push ${req.files.length} file(s)`, async () =>
        (await import('./commands/push.js')).push(req, ctx)
      )
    case 'pull':
      return core.group(`Pull into ${req.output}`, async () =>
        (await import('./commands/pull.js')).pull(req, ctx)
      )
    case 'tag':
      return core.group(`Tag ${req.tags.join(', ')}`, async () =>
        (await import('./commands/tag.js')).tag(req, ctx)
      )
    case 'copy':
      return core.group('Copy', async () =>
        (await import('./commands/copy.js')).copyCommand(req, ctx)
      )
    case 'tags':
      return (await import('./commands/tags.js')).listTags(req, ctx)
    case 'inspect':
      return (await import('./commands/inspect.js')).inspect(req, ctx)
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
