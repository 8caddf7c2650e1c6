// Integration tier: real Apache Kafka and real PostgreSQL, started by the global setup when
// nothing answers at KAFKA_BROKERS / DATABASE_URL.
module.exports = {
  ...require('./jest.preset'),
  displayName: 'int',
  testMatch: ['**/*.int-spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/infra/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/infra/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
};
