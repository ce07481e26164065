/** @type {import('jest').Config} */
const project = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
};

module.exports = {
  projects: [
    { ...project, displayName: 'tests', testMatch: ['**/*.test.ts'] },
    // The workflow scenarios once more on a worker without a workflow cache: every task replays
    // the full history, so a first execution that its replay would not follow fails here.
    {
      ...project,
      displayName: 'no-cache replay',
      testMatch: ['<rootDir>/test/workflows/**/*.test.ts'],
      testPathIgnorePatterns: ['/replay\\.test\\.ts$', '/patches\\.test\\.ts$'],
      setupFiles: ['<rootDir>/test/support/no-workflow-cache.ts'],
    },
  ],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 120000,
  // Temporal test servers are heavy on a 2-core machine: run files one or two at a time.
  maxWorkers: 2,
};
