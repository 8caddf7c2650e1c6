// Browser tier: the whole system (built services as processes, real Kafka and PostgreSQL) driven
// through the dashboard by Debian's Chromium (playwright-core, no browser download). Screenshots
// and downloads go to artifacts/.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'browser',
  testMatch: ['**/*.browser-spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/infra/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/infra/global-teardown.ts',
  testTimeout: 300000,
  maxWorkers: 1,
};
