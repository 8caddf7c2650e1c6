import { commonConfigSchema, ingestTokensSchema, loadConfig } from '@ramprognos/service-kit';
import { z } from 'zod';

export const SERVICE_NAME = 'payments';

export const paymentsConfigSchema = commonConfigSchema({ serviceName: SERVICE_NAME, port: 3002 }).extend({
  /** `token=source|source,…`: which CloudEvents sources each bearer token may write (SPEC §8). */
  INGEST_TOKENS: ingestTokensSchema,
  /** Where a new inbound consumer group starts: the whole topic, or only what arrives from now on. */
  INBOUND_START: z.enum(['earliest', 'latest']).default('earliest'),
  /** Largest ledger CSV file taken by POST /v1/imports/ledger; larger ones get 413. */
  LEDGER_IMPORT_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, { message: 'must look like 512kb or 50mb' })
    .default('50mb'),
});

export type PaymentsConfig = z.output<typeof paymentsConfigSchema>;

export function loadPaymentsConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): PaymentsConfig {
  return loadConfig(paymentsConfigSchema, env);
}
