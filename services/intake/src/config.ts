import { commonConfigSchema, ingestTokensSchema, loadConfig, secretKeySchema } from '@ramprognos/service-kit';
import type { z } from 'zod';

export const SERVICE_NAME = 'intake';

export const intakeConfigSchema = commonConfigSchema({ serviceName: SERVICE_NAME, port: 3001 }).extend({
  /** Key of the keyed hash that turns a personnummer into a personRef (SPEC §4). */
  PSEUDONYM_KEY: secretKeySchema,
  /** `token=source|source,…`: which CloudEvents sources each bearer token may write (SPEC §8). */
  INGEST_TOKENS: ingestTokensSchema,
});

export type IntakeConfig = z.output<typeof intakeConfigSchema>;

export function loadIntakeConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): IntakeConfig {
  return loadConfig(intakeConfigSchema, env);
}
