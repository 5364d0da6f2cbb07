/** Workflow commands in artifact or registry text never reach the runner as commands. */
import { escapeCommands } from '../src/log.js'

/** Lines as the runner sees them (.NET ReadLine: \r, \n and \r\n all end a line). */
const runnerLines = (text: string): string[] => text.split(/\r\n|\r|\n/)

describe('escapeCommands', () => {
  it.each([
    '::error::x',
    'ok\n::warning::x',
    'ok\r::set-output name=a::b',
    'ok\r\n::add-mask::x',
    'ok\n   ::debug::x',
    'ok\n\t::group::x',
    'a\n\n::stop-commands::tok',
    '\r\n\r\n  ::error file=a,line=1::x'
  ])('neutralises %j', text => {
    for (const line of runnerLines(escapeCommands(text))) expect(line).not.toMatch(/^\s*::/)
  })

  it('leaves other text alone', () => {
    expect(escapeCommands('a::b and c :: d')).toBe('a::b and c :: d')
    expect(escapeCommands('plain\nlines')).toBe('plain\nlines')
  })
})
