import { commonConfigSchema, ingestTokensSchema, loadConfig, secretKeySchema } from '@ramprognos/service-kit';
import { z } from 'zod';

export const SERVICE_NAME = 'intake';

export const intakeConfigSchema = commonConfigSchema({ serviceName: SERVICE_NAME, port: 3001 }).extend({
  /** Key of the keyed hash that turns a personnummer into a personRef (SPEC §4). */
  PSEUDONYM_KEY: secretKeySchema,
  /** `token=source|source,…`: which CloudEvents sources each bearer token may write (SPEC §8). */
  INGEST_TOKENS: ingestTokensSchema,
  /** Where a new inbound consumer group starts: the whole topic, or only what arrives from now on. */
  INBOUND_START: z.enum(['earliest', 'latest']).default('earliest'),
});

export type IntakeConfig = z.output<typeof intakeConfigSchema>;

export function loadIntakeConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): IntakeConfig {
  return loadConfig(intakeConfigSchema, env);
}
