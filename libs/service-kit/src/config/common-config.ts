import { z } from 'zod';
import { LOG_LEVEL_NAMES, type LogLevelName } from '../logging/json-logger';

export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/ramprognos';
export const DEFAULT_BODY_LIMIT = '10mb';

const hostPort = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;

/** `host:port,host:port` → a list of brokers. */
export const kafkaBrokersSchema = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b.length > 0),
  )
  .refine((brokers) => brokers.length > 0 && brokers.every((b) => hostPort.test(b)), {
    message: 'must be a comma-separated list of host:port',
  });

export const databaseUrlSchema = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.pathname.length > 1;
    } catch {
      return false;
    }
  },
  { message: 'must be a postgres://user[:password]@host:port/database URL' },
);

/** A PostgreSQL identifier we can interpolate safely (the service's own schema). */
export const dbSchemaNameSchema = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, {
  message: 'must be a lowercase identifier (a-z, 0-9, _; at most 63 chars)',
});

export const portSchema = z.coerce
  .number()
  .int({ message: 'must be an integer port' })
  .min(0, { message: 'must be a port between 0 and 65535' })
  .max(65535, { message: 'must be a port between 0 and 65535' });

const logLevelSchema = z
  .enum([...LOG_LEVEL_NAMES, 'info'] as [string, ...string[]])
  .transform((level): LogLevelName => (level === 'info' ? 'log' : (level as LogLevelName)));

const bodyLimitSchema = z.string().regex(/^\d+(b|kb|mb)$/i, { message: 'must look like 512kb or 10mb' });

export interface CommonConfigDefaults {
  /** The service's name; also the default DB_SCHEMA. */
  readonly serviceName: string;
  /** SPEC §8 default port. */
  readonly port: number;
}

/**
 * The environment every service reads (SPEC §9). Services `.extend()` it with their own
 * variables; the key set of the resulting schema is exactly what the service reads.
 */
export function commonConfigSchema(defaults: CommonConfigDefaults) {
  return z.object({
    KAFKA_BROKERS: kafkaBrokersSchema.default(DEFAULT_KAFKA_BROKERS),
    DATABASE_URL: databaseUrlSchema.default(DEFAULT_DATABASE_URL),
    PORT: portSchema.default(defaults.port),
    DB_SCHEMA: dbSchemaNameSchema.default(defaults.serviceName),
    LOG_LEVEL: logLevelSchema.default('log'),
    HTTP_BODY_LIMIT: bodyLimitSchema.default(DEFAULT_BODY_LIMIT),
  });
}

export type CommonConfig = z.output<ReturnType<typeof commonConfigSchema>>;
