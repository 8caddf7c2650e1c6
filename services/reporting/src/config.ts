import { commonConfigSchema, loadConfig, requireOneOf, secretKeySchema } from '@ramprognos/service-kit';
import { z } from 'zod';

export const SERVICE_NAME = 'reporting';

export const reportingConfigSchema = commonConfigSchema({ serviceName: SERVICE_NAME, port: 3004 }).extend({
  /** HS256 secret for locally issued JWTs (SPEC §8). */
  AUTH_JWT_SECRET: secretKeySchema.optional(),
  /** The identity provider's JWKS, in production. */
  AUTH_JWKS_URL: z.string().url({ message: 'must be an http(s) URL' }).optional(),
});

export type ReportingConfig = z.output<typeof reportingConfigSchema>;

export function loadReportingConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ReportingConfig {
  return loadConfig(reportingConfigSchema, env, [requireOneOf('AUTH_JWT_SECRET', 'AUTH_JWKS_URL')]);
}
