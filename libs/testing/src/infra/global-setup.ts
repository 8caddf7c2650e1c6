import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureKafka } from './kafka';
import { ensurePostgres } from './postgres';
import { workspaceRoot } from './run-script';

/**
 * Jest global setup of the int and e2e tiers: a real Kafka broker and a real PostgreSQL, started
 * when nothing answers. Test workers inherit KAFKA_BROKERS and DATABASE_URL from here.
 */
export default async function globalSetup(): Promise<void> {
  // One after the other: starting a broker blocks this process for seconds, which would time out
  // a concurrent database probe.
  const postgres = await ensurePostgres();
  const kafka = await ensureKafka();
  process.env.KAFKA_BROKERS = kafka.brokers.join(',');
  process.env.DATABASE_URL = postgres.url;
  const runDir = join(workspaceRoot, '.run');
  mkdirSync(runDir, { recursive: true });
  writeFileSync(
    join(runDir, `test-infra-${process.pid}.json`),
    JSON.stringify({ kafkaStartedHere: kafka.startedHere, kafkaBrokers: kafka.brokers, postgresStartedHere: postgres.startedHere }),
  );
  process.stdout.write(
    `\n[infra] Kafka ${kafka.version} at ${kafka.brokers.join(',')}, cluster id ${kafka.clusterId}` +
      `${kafka.startedHere ? ' (started for this run)' : ''}\n` +
      `[infra] PostgreSQL ${postgres.version}${postgres.startedHere ? ' (started for this run)' : ''}\n`,
  );
}
