import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stopKafka } from './kafka';
import { stopPostgres } from './postgres';
import { workspaceRoot } from './run-script';

/** Stops what the global setup started (set INFRA_KEEP=1 to leave it running between runs). */
export default async function globalTeardown(): Promise<void> {
  const file = join(workspaceRoot, '.run', `test-infra-${process.pid}.json`);
  const started = JSON.parse(readFileSync(file, 'utf8')) as { kafkaStartedHere: boolean; kafkaBrokers: string[]; postgresStartedHere: boolean };
  rmSync(file, { force: true });
  if (process.env.INFRA_KEEP === '1') return;
  if (started.kafkaStartedHere) stopKafka(started.kafkaBrokers);
  if (started.postgresStartedHere) stopPostgres();
}
