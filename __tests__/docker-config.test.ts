import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  credentialFromDockerConfig,
  dockerConfigPath,
  readDockerConfig
} from '../src/oci/docker-config.js'

const b64 = (s: string) => Buffer.from(s).toString('base64')

describe('docker config', () => {
  it('finds entries by host, URL and Docker Hub aliases', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dc-'))
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        auths: {
          'ghcr.io': { auth: b64('octo:pa:ss') },
          'https://index.docker.io/v1/': { auth: b64('hub:pw') },
          'https://reg.example.com/v2/': { identitytoken: 'refresh', auth: b64('<token>:') },
          'other.io': { registrytoken: 'bearer' }
        }
      })
    )
    const cfg = (await readDockerConfig(dockerConfigPath({ DOCKER_CONFIG: dir })))!
    expect(credentialFromDockerConfig(cfg, 'ghcr.io')).toEqual({
      username: 'octo',
      password: 'pa:ss'
    })
    expect(credentialFromDockerConfig(cfg, 'docker.io')).toEqual({
      username: 'hub',
      password: 'pw'
    })
    expect(credentialFromDockerConfig(cfg, 'reg.example.com')).toEqual({
      username: '<token>',
      identityToken: 'refresh'
    })
    expect(credentialFromDockerConfig(cfg, 'other.io')).toEqual({ registryToken: 'bearer' })
    expect(credentialFromDockerConfig(cfg, 'nowhere.io')).toBeUndefined()
  })

  it('treats a missing file as no config and a broken one as an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dc-'))
    expect(await readDockerConfig(join(dir, 'config.json'))).toBeUndefined()
    writeFileSync(join(dir, 'config.json'), '{nope')
    await expect(readDockerConfig(join(dir, 'config.json'))).rejects.toThrow(/not valid JSON/)
  })
})
