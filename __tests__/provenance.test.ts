import { createdIsNow, createdTime, provenanceAnnotations } from '../src/provenance.js'

const now = new Date('2026-11-25T12:34:56.789Z')
const actions = { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'acme/models', GITHUB_SHA: 'abc123' }

describe('provenance annotations', () => {
  it('are empty outside Actions', () => {
    expect(provenanceAnnotations({}, now)).toEqual({})
  })

  it('record the run time, the repository and the commit in Actions', () => {
    expect(provenanceAnnotations(actions, now)).toEqual({
      'org.opencontainers.image.created': '2026-11-25T12:34:56Z',
      'org.opencontainers.image.source': 'https://github.com/acme/models',
      'org.opencontainers.image.revision': 'abc123'
    })
    expect(createdIsNow(actions)).toBe(true)
  })

  it('take created from SOURCE_DATE_EPOCH, so a re-push makes the same manifest', () => {
    const env = { ...actions, SOURCE_DATE_EPOCH: '1700000000' }
    expect(provenanceAnnotations(env, now)['org.opencontainers.image.created']).toBe(
      '2023-11-14T22:13:20Z'
    )
    expect(provenanceAnnotations(env, new Date())).toEqual(provenanceAnnotations(env, now))
    expect(createdIsNow(env)).toBe(false)
  })

  it('ignore a SOURCE_DATE_EPOCH that is not whole seconds', () => {
    for (const bad of ['', 'yesterday', '-5', '1.5', '1e9']) {
      const env = { SOURCE_DATE_EPOCH: bad }
      expect(createdTime(env, now)).toBe(now)
      expect(createdIsNow(env)).toBe(true)
    }
  })
})
