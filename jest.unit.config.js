// Unit tier: pure code and in-memory fakes of our own ports; no broker, no database.
module.exports = { ...require('./jest.preset'), displayName: 'unit', testMatch: ['**/*.spec.ts'] };
