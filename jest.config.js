/**
 * Three projects: unit (pure code, fast), component (one library or service
 * in-process against real peers), e2e (journeys across processes). Tests run from
 * TypeScript source through swc; peers are discovered once in global-setup.
 */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] };
const moduleNameMapper = {
  '^@motcua/(errors|auth|config|contracts|working-time|documents|catalogue|observability|messaging|storage|runtime|testing)$': '<rootDir>/libs/$1/src/index.ts',
  '^@motcua/(intake|processing|signing|return|notifier|tracking)$': '<rootDir>/services/$1/src/index.ts',
};
const common = { rootDir: __dirname, transform, moduleNameMapper, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{libs,services}/*/test/unit/**/*.unit.test.ts', '<rootDir>/cli/test/**/*.unit.test.ts', '<rootDir>/infra/test/**/*.unit.test.ts', '<rootDir>/bench/test/**/*.unit.test.ts'] },
    { ...common, displayName: 'component', testMatch: ['<rootDir>/{libs,services}/*/test/component/**/*.component.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test-e2e/**/*.e2e.test.ts'] },
  ],
};
