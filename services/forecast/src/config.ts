import { commonConfigSchema, loadConfig } from '@ramprognos/service-kit';
import type { z } from 'zod';

export const SERVICE_NAME = 'forecast';

export const forecastConfigSchema = commonConfigSchema({ serviceName: SERVICE_NAME, port: 3003 });

export type ForecastConfig = z.output<typeof forecastConfigSchema>;

export function loadForecastConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ForecastConfig {
  return loadConfig(forecastConfigSchema, env);
}
