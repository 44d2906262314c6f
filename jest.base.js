// Shared jest configuration: ESM + ts-jest, workspace packages resolved to their sources
// so that tests never depend on a prior build.
const root = new URL('.', import.meta.url).pathname;

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/test/**/*.test.tsx'],
  moduleNameMapper: {
    '^@hig-lab/experiment-([^/]+)$': `${root}experiments/$1/src/index.ts`,
    '^@hig-lab/([^/]+)$': `${root}packages/$1/src/index.ts`,
    '^@hig-lab/([^/]+)/([^/]+)$': `${root}packages/$1/src/$2.ts`,
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  testTimeout: 300000,
};
