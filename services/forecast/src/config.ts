import { commonConfigSchema, loadConfig, requireOneOf, secretKeySchema } from '@ramprognos/service-kit';
import { z } from 'zod';

export const SERVICE_NAME = 'forecast';

export const forecastConfigSchema = commonConfigSchema({ serviceName: SERVICE_NAME, port: 3003 }).extend({
  /** HS256 secret for locally issued JWTs (SPEC §8): the query API is read by reporting on behalf of its user. */
  AUTH_JWT_SECRET: secretKeySchema.optional(),
  /** The identity provider's JWKS, in production. */
  AUTH_JWKS_URL: z.string().url({ message: 'must be an http(s) URL' }).optional(),
});

export type ForecastConfig = z.output<typeof forecastConfigSchema>;

export function loadForecastConfig(env: Readonly<Record<string, string | undefined>> = process.env): ForecastConfig {
  return loadConfig(forecastConfigSchema, env, [requireOneOf('AUTH_JWT_SECRET', 'AUTH_JWKS_URL')]);
}
