/** The job summary: what was pushed, pulled or inspected, as a heading, facts and a table of files. */
import type { CommandResult } from './result.js'

/** Human-readable byte count (binary units, as the runner's UI shows sizes). */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let v = n
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return i === 0 ? `${n} B` : `${v.toFixed(v >= 100 ? 0 : 1)} ${units[i]}`
}

/** Escapes text from an artifact for a Markdown table cell (it could otherwise inject markup). */
export function cell(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|]/g, c => `\\${c}`).replace(/\r?\n/g, ' ')
}

/** Text from an artifact as a Markdown code span in a table: only backticks, pipes and newlines matter there. */
export function code(text: string): string {
  return '`' + text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ') + '`'
}

/** Renders the summary as Markdown. */
export function renderSummary(r: CommandResult): string {
  const lines: string[] = []
  lines.push(`### ${r.verb} ${code(r.reference ?? r.subject ?? '')}`, '')
  if (r.digest) lines.push(`- **Digest:** ${code(r.digest)}`)
  if (r.artifactType) lines.push(`- **Artifact type:** ${code(r.artifactType)}`)
  if (r.tags?.length) lines.push(`- **Tags:** ${r.tags.map(code).join(', ')}`)
  if (r.size !== undefined) lines.push(`- **Size:** ${formatBytes(r.size)}`)
  if (r.transferredBytes !== undefined) {
    lines.push(
      `- **Transferred:** ${formatBytes(r.transferredBytes)}; **already in place:** ${formatBytes(r.skippedBytes ?? 0)}`
    )
  }
  if (r.upToDate) {
    lines.push(
      '- **Up to date:** every tag already pointed at this digest, so nothing needed sending'
    )
  }
  const c = r.cache
  if (c?.fromRegistry !== undefined && !r.dryRun) {
    lines.push(
      `- **Blob cache:** ${formatBytes(c.fromCache ?? 0)} from the cache, ${formatBytes(c.fromRegistry)} from the registry, ${formatBytes(c.upToDate ?? 0)} already up to date${c.enabled ? '' : ' (cache off)'}`
    )
  }
  if (c?.hashed !== undefined) {
    lines.push(
      `- **Hashing:** ${formatBytes(c.hashed)} read and hashed; ${formatBytes(c.remembered ?? 0)} unchanged since last hashed on this runner${c.enabled ? '' : ' (cache off)'}`
    )
  }
  if (r.dryRun) lines.push('- **Dry run:** nothing was written')
  if (r.rows.length) {
    lines.push('', '| File | Size | Media type | Status |', '| --- | ---: | --- | --- |')
    for (const row of r.rows) {
      lines.push(
        `| ${cell(row.name)} | ${formatBytes(row.size)} | ${code(row.mediaType)} | ${row.action} |`
      )
    }
  }
  return lines.join('\n') + '\n'
}
