import { describe, expect, it } from '@jest/globals'
import { InvalidReferenceError } from '../src/oci/errors.js'
import {
  apiHost,
  formatReference,
  isLoopbackHost,
  parseAnyReference,
  parseLayoutReference,
  parseReference
} from '../src/oci/reference.js'

const D = 'sha256:' + 'a'.repeat(64)
const D512 = 'sha512:' + 'b'.repeat(128)

describe('parseReference', () => {
  it.each([
    ['ubuntu', { registry: 'docker.io', repository: 'library/ubuntu' }],
    ['ubuntu:22.04', { registry: 'docker.io', repository: 'library/ubuntu', tag: '22.04' }],
    ['acme/model', { registry: 'docker.io', repository: 'acme/model' }],
    ['docker.io/ubuntu', { registry: 'docker.io', repository: 'library/ubuntu' }],
    ['index.docker.io/acme/m:v1', { registry: 'docker.io', repository: 'acme/m', tag: 'v1' }],
    [
      'ghcr.io/acme/models/sentiment:v1.4.0',
      { registry: 'ghcr.io', repository: 'acme/models/sentiment', tag: 'v1.4.0' }
    ],
    ['localhost/m', { registry: 'localhost', repository: 'm' }],
    ['localhost:5000/m:t', { registry: 'localhost:5000', repository: 'm', tag: 't' }],
    ['127.0.0.1:5000/a/b@' + D, { registry: '127.0.0.1:5000', repository: 'a/b', digest: D }],
    ['reg.io/a:t@' + D, { registry: 'reg.io', repository: 'a', tag: 't', digest: D }],
    ['[::1]:5000/m:t', { registry: '[::1]:5000', repository: 'm', tag: 't' }],
    ['reg.io/a__b/c-d/e.f', { registry: 'reg.io', repository: 'a__b/c-d/e.f' }],
    ['reg.io/a--b', { registry: 'reg.io', repository: 'a--b' }],
    ['reg.io/m:' + 'x'.repeat(128), { registry: 'reg.io', repository: 'm', tag: 'x'.repeat(128) }],
    ['reg.io/m@' + D512, { registry: 'reg.io', repository: 'm', digest: D512 }],
    ['reg.io:5000/a', { registry: 'reg.io:5000', repository: 'a' }],
    ['Reg.IO/a', { registry: 'Reg.IO', repository: 'a' }],
    ['Foo/bar', { registry: 'Foo', repository: 'bar' }],
    ['[2001:db8::1]:443/a/b', { registry: '[2001:db8::1]:443', repository: 'a/b' }],
    ['[::1]/m', { registry: '[::1]', repository: 'm' }],
    ['reg.io/m:_x', { registry: 'reg.io', repository: 'm', tag: '_x' }],
    ['reg.io/m:V1.0-RC', { registry: 'reg.io', repository: 'm', tag: 'V1.0-RC' }],
    ['docker.io/library/x', { registry: 'docker.io', repository: 'library/x' }],
    ['registry-1.docker.io/a/b', { registry: 'registry-1.docker.io', repository: 'a/b' }],
    ['reg.io/' + 'a'.repeat(248), { registry: 'reg.io', repository: 'a'.repeat(248) }],
    ['a.b-c.d/e', { registry: 'a.b-c.d', repository: 'e' }]
  ])('%s', (input, expected) => {
    expect(parseReference(input)).toEqual(expected)
  })

  it.each([
    ['', /empty/],
    ['reg.io/Acme/model', /must be lowercase: use "acme\/model"/],
    ['ghcr.io/acme/Model:v1', /lowercase/],
    ['reg.io/m:' + 'x'.repeat(129), /invalid tag/],
    ['reg.io/m:.bad', /invalid tag/],
    ['reg.io/m:-bad', /invalid tag/],
    ['reg.io/a//b', /invalid repository name/],
    ['reg.io/a/', /invalid repository name/],
    ['reg.io/-a', /invalid repository name/],
    ['reg.io/a_', /invalid repository name/],
    ['reg.io/a___b', /invalid repository name/],
    ['reg.io/m@sha256:abc', /invalid digest/],
    ['reg.io/m@' + D.slice(0, 40), /invalid digest/],
    ['-bad.io/m', /invalid registry host/],
    ['reg.io/' + 'a'.repeat(256), /longer than 255/],
    [':tag', /no repository/],
    ['reg.io/m@sha256:' + 'A'.repeat(64), /lowercase hex/],
    ['reg.io/m@sha256:' + 'a'.repeat(65), /invalid/],
    ['reg.io/m@sha512:' + 'a'.repeat(64), /invalid/],
    ['reg.io/m@md5:' + 'a'.repeat(32), /unsupported digest algorithm/],
    ['reg.io/' + 'a'.repeat(249), /longer than 255/],
    ['reg.io:port/a', /invalid registry host/],
    ['reg.io:/a', /invalid registry host/],
    ['[::1/a', /invalid registry host/],
    ['reg_io.com/a', /invalid registry host/],
    ['reg.io/a:b:c', /invalid tag/],
    ['reg.io/a b', /invalid repository name/],
    ['reg.io/a/.b', /invalid repository name/],
    ['reg.io/a@', /invalid digest/],
    ['UPPER', /lowercase|invalid/],
    ['reg.io/m:t@sha256:x', /invalid digest/]
  ])('refuses %s', (input, message) => {
    expect(() => parseReference(input)).toThrow(InvalidReferenceError)
    expect(() => parseReference(input)).toThrow(message)
  })

  it('formats and maps Docker Hub to its API host', () => {
    expect(formatReference(parseReference('ubuntu:1'))).toBe('docker.io/library/ubuntu:1')
    expect(apiHost('docker.io')).toBe('registry-1.docker.io')
    expect(apiHost('ghcr.io')).toBe('ghcr.io')
  })

  it('knows loopback hosts', () => {
    expect(isLoopbackHost('localhost:5000')).toBe(true)
    expect(isLoopbackHost('127.0.0.1:1')).toBe(true)
    expect(isLoopbackHost('[::1]:5000')).toBe(true)
    expect(isLoopbackHost('ghcr.io')).toBe(false)
    expect(isLoopbackHost('localhost.evil.com')).toBe(false)
  })
})

describe('parseLayoutReference', () => {
  it.each([
    ['oci-layout:out', { path: 'out' }],
    ['oci-layout:./out:v1', { path: './out', tag: 'v1' }],
    ['oci-layout:/abs/dir@' + D, { path: '/abs/dir', digest: D }],
    ['oci-layout:C:/x', { path: 'C:/x' }],
    ['oci-layout:a:b/c:t', { path: 'a:b/c', tag: 't' }]
  ])('%s', (input, expected) => {
    expect(parseLayoutReference(input)).toEqual(expected)
  })

  it('refuses an empty path and a bad tag', () => {
    expect(() => parseLayoutReference('oci-layout:')).toThrow(/no path/)
    expect(() => parseLayoutReference('oci-layout:dir:bad!tag')).toThrow(/invalid tag/)
  })

  it('dispatches by prefix', () => {
    expect(parseAnyReference('oci-layout:x').kind).toBe('layout')
    expect(parseAnyReference('x').kind).toBe('registry')
  })
})
