import { describe, expect, it } from '@jest/globals'
import { cell, formatBytes, renderSummary } from '../src/summary.js'
import { escapeCommands } from '../src/log.js'

describe('summary', () => {
  it('formats sizes', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GiB')
  })

  it('renders reference, digest and a file table, escaping artifact text', () => {
    const md = renderSummary({
      verb: 'Pushed',
      digest: 'sha256:abc',
      reference: 'reg.io/m@sha256:abc',
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      tags: ['v1'],
      manifest: '{}',
      size: 2048,
      rows: [
        {
          name: 'a|b<script>',
          size: 1024,
          mediaType: 'application/json',
          digest: 'sha256:1',
          action: 'uploaded'
        }
      ],
      transferredBytes: 1024,
      skippedBytes: 0
    })
    expect(md).toContain('### Pushed `reg.io/m@sha256:abc`')
    expect(md).toContain('| a\\|b\\<script\\> | 1.0 KiB | `application/json` | uploaded |')
    expect(md).toContain('**Tags:** `v1`')
    expect(cell('x\ny')).toBe('x y')
  })

  it('says when every tag was already up to date, and only then', () => {
    const base = { verb: 'Pushed', reference: 'reg.io/m@sha256:abc', rows: [] }
    expect(
      renderSummary({ ...base, upToDate: true, transferredBytes: 0, skippedBytes: 9 })
    ).toMatch(
      /\*\*Transferred:\*\* 0 B; \*\*already in place:\*\* 9 B\n- \*\*Up to date:\*\* every tag already pointed at this digest/
    )
    expect(renderSummary(base)).not.toContain('Up to date')
  })

  it('neutralises workflow commands in logged text', () => {
    expect(escapeCommands('ok\n::set-output name=x::y')).not.toMatch(/(^|\n)::/)
    expect(escapeCommands('  ::error::x')).not.toMatch(/^\s*::/)
  })
})

describe('editDistance', () => {
  it('ranks typos close', async () => {
    const { editDistance } = await import('../src/commands/resolve.js')
    expect(editDistance('v1.0', 'v1')).toBe(2)
    expect(editDistance('', 'abc')).toBe(3)
    expect(editDistance('production', 'prodution')).toBe(1)
  })
})
