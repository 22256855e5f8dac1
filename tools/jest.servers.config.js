// Runs only the test-server smoke tests (libs/testing/src/servers): npx jest -c tools/jest.servers.config.js
module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': '@swc/jest' },
  testMatch: ['<rootDir>/libs/testing/src/servers/**/*.int-spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/servers/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/servers/global-teardown.ts',
};
