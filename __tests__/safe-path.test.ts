import { describe, expect, it } from '@jest/globals'
import { InvalidInputError } from '../src/oci/errors.js'
import { isWithin, safeTitle, unsafePathReason } from '../src/oci/output/safe-path.js'

// Names an artifact may carry as a layer title or tar entry path. `true`: written as given.
const TABLE: [string, boolean][] = [
  // fine
  ['model.safetensors', true],
  ['config.json', true],
  ['eval', true],
  ['eval/', true],
  ['eval/results.json', true],
  ['a/b/c/d.bin', true],
  ['.hidden', true],
  ['..hidden', true],
  ['a..b', true],
  ['...x', true],
  ['x...y', true],
  ['model-00001-of-00002.safetensors', true],
  ['weights v2.bin', true],
  ['ünïcödé.json', true],
  ['数据/模型.bin', true],
  ['emoji-🚀.txt', true],
  ['a/.b/c', true],
  ['name with spaces/file', true],
  ['UPPER/lower.JSON', true],
  ['-dash-first', true],
  ['#hash', true],
  ['icon.png/x', true],
  ['con.txt.bak/x', false],
  ['console', true],
  ['nullable', true],
  ['a'.repeat(255), true],
  ['tokenizer.model', true],
  // hostile or unportable
  ['', false],
  ['.', false],
  ['..', false],
  ['./x', false],
  ['../x', false],
  ['x/..', false],
  ['x/../y', false],
  ['x/../../y', false],
  ['a/./b', false],
  ['a//b', false],
  ['eval//', false],
  ['/etc/passwd', false],
  ['/', false],
  ['//server/share', false],
  ['C:', false],
  ['C:\\Windows', false],
  ['c:/windows/system32', false],
  ['Z:x', false],
  ['..\\x', false],
  ['a\\b', false],
  ['\\\\server\\share', false],
  ['a\u0000b', false],
  ['\u0000', false],
  ['a\nb', false],
  ['tab\there', false],
  ['bell\u0007', false],
  ['del\u007f', false],
  ['CON', false],
  ['nul', false],
  ['aux.json', false],
  ['dir/COM1', false],
  ['lpt9.txt', false],
  ['prn', false],
  ['trailing.', false],
  ['trailing ', false],
  ['dir./x', false],
  ['a/b ', false],
  ['file:stream', false],
  ['a/b:c', false],
  ['a'.repeat(4097), false],
  ['x/'.repeat(3000) + 'y', false]
]

describe('unsafePathReason', () => {
  it('has a table of at least 60 names', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60)
  })

  it.each(TABLE)('%j → safe: %s', (name, ok) => {
    const reason = unsafePathReason(name)
    if (ok) expect(reason).toBeUndefined()
    else expect(typeof reason).toBe('string')
  })
})

describe('safeTitle', () => {
  it('drops one trailing slash of a folder title', () => {
    expect(safeTitle('eval/')).toBe('eval')
    expect(safeTitle('a/b')).toBe('a/b')
  })

  it('throws InvalidInputError quoting the title and the reason', () => {
    expect(() => safeTitle('../etc/passwd')).toThrow(InvalidInputError)
    expect(() => safeTitle('../etc/passwd')).toThrow(/"\.\.\/etc\/passwd".*"\.\." component/)
  })
})

describe('isWithin', () => {
  it.each([
    ['eval', 'eval', true],
    ['eval', 'eval/a', true],
    ['eval', 'evaluation', false],
    ['eval', 'other/eval', false],
    ['a/b', 'a', false]
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(isWithin(outer, inner)).toBe(expected)
  })
})
