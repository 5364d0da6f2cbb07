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
    ['reg.io/m:' + 'x'.repeat(128), { registry: 'reg.io', repository: 'm', tag: 'x'.repeat(128) }]
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
    [':tag', /no repository/]
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
