import { commonConfigSchema, ingestTokensSchema, loadConfig, secretKeySchema } from '@ramprognos/service-kit';
import type { z } from 'zod';

export const SERVICE_NAME = 'payments';

export const paymentsConfigSchema = commonConfigSchema({ serviceName: SERVICE_NAME, port: 3002 }).extend({
  /** Key of the keyed hash that turns a personnummer into a personRef (SPEC §4). */
  PSEUDONYM_KEY: secretKeySchema,
  /** `token=source|source,…`: which CloudEvents sources each bearer token may write (SPEC §8). */
  INGEST_TOKENS: ingestTokensSchema,
});

export type PaymentsConfig = z.output<typeof paymentsConfigSchema>;

export function loadPaymentsConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): PaymentsConfig {
  return loadConfig(paymentsConfigSchema, env);
}
