/**
 * Docker credential helpers: run only with a valid name, never from the workspace or a relative
 * PATH entry, with a time limit; their secrets are masked and flow into the credential chain.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { credentialChain } from '../src/credentials.js'
import { credentialHelperFor, readDockerConfig } from '../src/oci/docker-config.js'
import { findHelper, runCredentialHelper } from '../src/oci/credential-helper.js'

const root = mkdtempSync(join(tmpdir(), 'cred-helper-'))
const bin = join(root, 'bin')
const workspace = join(root, 'workspace')
const wsBin = join(workspace, 'tools')
mkdirSync(bin)
mkdirSync(wsBin, { recursive: true })

function helper(dir: string, name: string, script: string): void {
  const p = join(dir, `docker-credential-${name}`)
  writeFileSync(p, `#!/bin/sh\n${script}\n`)
  chmodSync(p, 0o755)
}

// Echoes the server URL it was asked about into the username, so the test sees the protocol.
helper(
  bin,
  'good',
  'read url; printf \'{"ServerURL":"%s","Username":"user-%s","Secret":"s3cret-from-helper"}\' "$url" "$url"'
)
helper(bin, 'token', 'cat >/dev/null; echo \'{"Username":"<token>","Secret":"refresh-tok"}\'')
helper(bin, 'none', 'cat >/dev/null; echo "credentials not found in native keychain"; exit 1')
helper(bin, 'broken', 'cat >/dev/null; echo "leaky-secret-output"; exit 3')
helper(bin, 'slow', 'sleep 5')
helper(wsBin, 'planted', 'echo \'{"Username":"x","Secret":"y"}\'')

const env = { PATH: `relative/dir:${wsBin}:${bin}:/usr/bin:/bin`, GITHUB_WORKSPACE: workspace }

describe('runCredentialHelper', () => {
  it('asks the helper with the server URL on stdin', async () => {
    await expect(runCredentialHelper('good', 'ghcr.io', { env })).resolves.toEqual({
      username: 'user-ghcr.io',
      password: 's3cret-from-helper'
    })
    await expect(runCredentialHelper('good', 'docker.io', { env })).resolves.toEqual({
      username: 'user-https://index.docker.io/v1/',
      password: 's3cret-from-helper'
    })
  })

  it('reads <token> as an identity token, and "not found" as anonymous', async () => {
    await expect(runCredentialHelper('token', 'r.io', { env })).resolves.toEqual({
      identityToken: 'refresh-tok'
    })
    await expect(runCredentialHelper('none', 'r.io', { env })).resolves.toBeUndefined()
  })

  it('fails without echoing the output of a helper that fails', async () => {
    const err = await runCredentialHelper('broken', 'r.io', { env }).catch((e: unknown) => e)
    expect(String(err)).toMatch(/docker-credential-broken failed for r\.io \(exit code 3\)/)
    expect(String(err)).not.toContain('leaky')
  })

  it('kills a helper that takes too long', async () => {
    const t0 = Date.now()
    await expect(runCredentialHelper('slow', 'r.io', { env, timeoutMs: 300 })).rejects.toThrow(
      /did not answer within 0.3 s/
    )
    expect(Date.now() - t0).toBeLessThan(3000)
  })

  it.each(['../bin/good', 'a/b', 'x;rm -rf', '', '..', 'good\n', 'g d'])(
    'refuses the helper name %j without running anything',
    async name => {
      await expect(runCredentialHelper(name, 'r.io', { env })).rejects.toThrow(
        /a helper name is letters, digits/
      )
    }
  )

  it('never runs a helper from the workspace or a relative PATH entry', async () => {
    await expect(findHelper('planted', { env })).resolves.toBeUndefined()
    await expect(runCredentialHelper('planted', 'r.io', { env })).rejects.toThrow(
      /not on PATH \(outside the workspace\)/
    )
    await expect(findHelper('good', { env })).resolves.toBe(join(bin, 'docker-credential-good'))
  })
})

describe('docker config helpers in the credential chain', () => {
  it('uses credHelpers for its host, credsStore for the rest, and masks the secrets', async () => {
    const dir = mkdtempSync(join(root, 'cfg-'))
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        auths: { 'ghcr.io': {}, 'plain.io': { auth: Buffer.from('a:b').toString('base64') } },
        credsStore: 'good',
        credHelpers: { 'tok.io': 'token', 'gone.io': 'none' }
      })
    )
    const cfg = (await readDockerConfig(join(dir, 'config.json')))!
    expect(credentialHelperFor(cfg, 'tok.io')).toBe('token')
    expect(credentialHelperFor(cfg, 'ghcr.io')).toBe('good')
    const masked: string[] = []
    const chain = credentialChain({
      mask: s => masked.push(s),
      env: { ...env, DOCKER_CONFIG: dir }
    })
    await expect(chain('ghcr.io')).resolves.toEqual({
      username: 'user-ghcr.io',
      password: 's3cret-from-helper'
    })
    await expect(chain('tok.io')).resolves.toEqual({ identityToken: 'refresh-tok' })
    // A helper without a credential for the host: the next source (here: anonymous).
    await expect(chain('gone.io')).resolves.toBeUndefined()
    expect(masked).toEqual(
      expect.arrayContaining([
        's3cret-from-helper',
        Buffer.from('user-ghcr.io:s3cret-from-helper').toString('base64'),
        'refresh-tok'
      ])
    )
  })
})
