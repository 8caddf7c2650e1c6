import { z } from 'zod';
import { commonConfigSchema } from './common-config';
import { ingestTokensSchema, secretKeySchema } from './ingest-tokens';
import { ConfigError, loadConfig, requireOneOf } from './load-config';

const common = commonConfigSchema({ serviceName: 'intake', port: 3001 });

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the SPEC §9 defaults when nothing is set', () => {
    const config = loadConfig(common, {});
    expect(config).toEqual({
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/ramprognos',
      PORT: 3001,
      DB_SCHEMA: 'intake',
      LOG_LEVEL: 'log',
      HTTP_BODY_LIMIT: '10mb',
    });
  });

  it('parses what is set: broker lists, ports, the info alias of log', () => {
    const config = loadConfig(common, {
      KAFKA_BROKERS: ' kafka-1:9092, kafka-2:9092 ',
      PORT: '8080',
      DB_SCHEMA: 'intake_test_1',
      LOG_LEVEL: 'info',
    });
    expect(config.KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9092']);
    expect(config.PORT).toBe(8080);
    expect(config.DB_SCHEMA).toBe('intake_test_1');
    expect(config.LOG_LEVEL).toBe('log');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig(common, { PORT: '', KAFKA_BROKERS: '  ' }).PORT).toBe(3001);
  });

  it('fails once, listing every bad or missing variable', () => {
    const schema = common.extend({ PSEUDONYM_KEY: secretKeySchema, INGEST_TOKENS: ingestTokensSchema });
    const error = errorOf(() =>
      loadConfig(schema, {
        PORT: 'eighty',
        KAFKA_BROKERS: 'no-port',
        DB_SCHEMA: 'Bad-Name',
        LOG_LEVEL: 'loud',
      }),
    );
    expect(error.issues.map((i) => i.variable).sort()).toEqual(
      ['DB_SCHEMA', 'INGEST_TOKENS', 'KAFKA_BROKERS', 'LOG_LEVEL', 'PORT', 'PSEUDONYM_KEY'].sort(),
    );
    expect(error.message).toMatch(/6 problems/);
    expect(error.message).toMatch(/PSEUDONYM_KEY: is required/);
    expect(error.message).toMatch(/LOG_LEVEL: must be one of verbose, debug, log, warn, error, fatal, info/);
  });

  it('never echoes the values it rejects (they may be secrets)', () => {
    const schema = z.object({
      PSEUDONYM_KEY: secretKeySchema,
      INGEST_TOKENS: ingestTokensSchema,
      DATABASE_URL: common.shape.DATABASE_URL,
      LOG_LEVEL: common.shape.LOG_LEVEL,
    });
    const error = errorOf(() =>
      loadConfig(schema, {
        PSEUDONYM_KEY: 'short-s3cret',
        INGEST_TOKENS: 'tok3n-abc=urn:a,tok3n-abc=urn:b,orphan-tok3n',
        DATABASE_URL: 'mysql://root:hunter2@db/x',
        LOG_LEVEL: 'hunter2-level',
      }),
    );
    expect(error.issues).toHaveLength(5);
    for (const secret of ['s3cret', 'tok3n', 'hunter2', 'orphan'])
      expect(error.message).not.toContain(secret);
    expect(error.message).toMatch(/INGEST_TOKENS: entry 2: the same token appears twice/);
    expect(error.message).toMatch(/INGEST_TOKENS: entry 3: entries must look like token=source\|source/);
  });

  it('runs cross-variable checks together with the field errors', () => {
    const schema = common.extend({
      AUTH_JWT_SECRET: secretKeySchema.optional(),
      AUTH_JWKS_URL: z.string().url().optional(),
    });
    const error = errorOf(() =>
      loadConfig(schema, { PORT: '-1' }, [requireOneOf('AUTH_JWT_SECRET', 'AUTH_JWKS_URL')]),
    );
    expect(error.issues).toEqual([
      { variable: 'PORT', problem: 'must be a port between 0 and 65535' },
      { variable: 'AUTH_JWT_SECRET | AUTH_JWKS_URL', problem: 'set one of AUTH_JWT_SECRET, AUTH_JWKS_URL' },
    ]);
    expect(() =>
      loadConfig(schema, { AUTH_JWKS_URL: 'https://idp.example/jwks.json' }, [
        requireOneOf('AUTH_JWT_SECRET', 'AUTH_JWKS_URL'),
      ]),
    ).not.toThrow();
  });

  it('parses INGEST_TOKENS into token → sources', () => {
    const tokens = loadConfig(z.object({ INGEST_TOKENS: ingestTokensSchema }), {
      INGEST_TOKENS: 't1=urn:system:lifecare, t2=urn:system:utbetalning|urn:system:raindance',
    }).INGEST_TOKENS;
    expect([...tokens.entries()]).toEqual([
      ['t1', ['urn:system:lifecare']],
      ['t2', ['urn:system:utbetalning', 'urn:system:raindance']],
    ]);
  });
});
