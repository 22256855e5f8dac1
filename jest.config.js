// Three tiers by suffix: *.spec.ts (pure), *.int-spec.ts (adapters against real servers),
// *.e2e-spec.ts (the app over HTTP/Kafka). `npm test` runs them all.
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
}];
const moduleNameMapper = {
  '^@tenancy/domain$': '<rootDir>/libs/domain/src',
  '^@tenancy/domain/(.*)$': '<rootDir>/libs/domain/src/$1',
  '^@tenancy/(projections|event-store|read-store|messaging|testing|sqlite|platform|application|resilience|personal-data)$': '<rootDir>/libs/$1/src',
};
// jose is published as ES modules only: compiled to CommonJS like our own files.
const transform = { '^.+\\.ts$': swc, '/node_modules/jose/.+\\.js$': swc };
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];
const project = (displayName, testMatch, extra = {}) => ({
  displayName, testMatch, moduleNameMapper, transform, transformIgnorePatterns,
  testEnvironment: 'node', rootDir: __dirname, ...extra,
});
module.exports = {
  // Starts Kafka, FerretDB (on PostgreSQL) and Keycloak when installed (tools/*/install.sh) and
  // hands their addresses to the int and e2e suites as KAFKA_BROKERS, MONGODB_URL and KEYCLOAK_URL.
  globalSetup: '<rootDir>/libs/testing/src/servers/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/servers/global-teardown.ts',
  // Notes the selected test files for globalSetup (Keycloak starts only when one needs it).
  testSequencer: '<rootDir>/libs/testing/src/servers/recording-sequencer.js',
  transform: { '^.+\\.ts$': swc },
  projects: [
    project('unit', ['<rootDir>/{apps,libs}/**/*.spec.ts']),
    project('int', ['<rootDir>/{apps,libs}/**/*.int-spec.ts']),
    project('e2e', ['<rootDir>/apps/**/*.e2e-spec.ts']),
  ],
};
