// Jest runs the TypeScript sources as ESM (see STYLE.md: ts-jest ESM preset, `.js` stripped from
// relative imports). Two projects: fast unit tests, and the integration suite that starts real
// docker-registry processes and runs serially with long timeouts.
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
  },
  testEnvironment: 'node'
}

export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/__tests__/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/__tests__/integration/**/*.test.ts']
    },
    // Measurements too slow for `npm test` (a 1 GiB transfer through faults): OMA_MANUAL=1 only.
    ...(process.env.OMA_MANUAL
      ? [{ ...common, displayName: 'manual', testMatch: ['<rootDir>/__tests__/manual/*.test.ts'] }]
      : [])
  ],
  testTimeout: 120000,
  maxWorkers: 2
}
