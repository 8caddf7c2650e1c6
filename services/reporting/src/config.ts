import { commonConfigSchema, loadConfig, requireOneOf, secretKeySchema } from '@ramprognos/service-kit';
import { z } from 'zod';

export const SERVICE_NAME = 'reporting';

export const reportingConfigSchema = commonConfigSchema({ serviceName: SERVICE_NAME, port: 3004 }).extend({
  /** HS256 secret for locally issued JWTs (SPEC §8). */
  AUTH_JWT_SECRET: secretKeySchema.optional(),
  /** The identity provider's JWKS, in production. */
  AUTH_JWKS_URL: z.string().url({ message: 'must be an http(s) URL' }).optional(),
  /** The forecast service's query API (docs/forecast-query-api.md), read with reporting's own service token. */
  FORECAST_URL: z
    .string()
    .url({ message: 'must be an http(s) URL' })
    .refine((value) => /^https?:\/\//.test(value), { message: 'must be an http(s) URL' })
    .transform((value) => value.replace(/\/+$/, ''))
    .default('http://127.0.0.1:3003'),
  /** How long a report waits for each forecast query before answering 503. */
  FORECAST_TIMEOUT_MS: z.coerce
    .number()
    .int({ message: 'must be a whole number of milliseconds' })
    .min(100, { message: 'must be at least 100' })
    .max(600_000, { message: 'must be at most 600000' })
    .default(30_000),
  /**
   * Reporting's token (role `service`) for the forecast service when tokens come from an identity
   * provider (AUTH_JWKS_URL); with AUTH_JWT_SECRET reporting signs its own short-lived one.
   */
  FORECAST_TOKEN: z.string().min(1).optional(),
});

export type ReportingConfig = z.output<typeof reportingConfigSchema>;

export function loadReportingConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ReportingConfig {
  return loadConfig(reportingConfigSchema, env, [requireOneOf('AUTH_JWT_SECRET', 'AUTH_JWKS_URL')]);
}
