/** jest over TypeScript ESM: sucrase strips types (pure JS, no native binary), Node runs the modules natively (--experimental-vm-modules). */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': '@sucrase/jest-plugin' },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 20000,
  maxWorkers: 2,
};
