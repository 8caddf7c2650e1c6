// End-to-end tier: the whole system (built services as processes) against real Kafka and PostgreSQL.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'e2e',
  testMatch: ['**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/infra/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/infra/global-teardown.ts',
  testTimeout: 300000,
  maxWorkers: 1,
  passWithNoTests: true,
};
