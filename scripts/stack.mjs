#!/usr/bin/env node
// `npm run stack`: the whole system in the foreground without Docker — PostgreSQL (DATABASE_URL,
// 127.0.0.1:5432, or the project's own), Apache Kafka (KAFKA_BROKERS or the project's own on
// 127.0.0.1:9092) and the four services from the compiled tree. Ctrl-C / SIGTERM stops everything
// this script started. Run through npm (which builds first): `npm run stack`.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('../tools/register-dist.js');
const testing = require('../dist/libs/testing/src/index.js');
const { SERVICE_NAMES, LOCAL_SECRETS, ensureKafka, ensurePostgres, startService, waitUntilHealthy, stopKafka, stopPostgres } = testing;

const say = (line) => process.stdout.write(`[stack] ${line}\n`);

async function main() {
  const postgres = await ensurePostgres('ramprognos');
  say(`PostgreSQL ${postgres.version}${postgres.startedHere ? ' (started by the stack)' : ''}`);
  const kafka = await ensureKafka();
  say(`Kafka ${kafka.version} at ${kafka.brokers.join(',')}, cluster ${kafka.clusterId}${kafka.startedHere ? ' (started by the stack)' : ''}`);

  const env = { ...LOCAL_SECRETS, ...process.env, DATABASE_URL: postgres.url, KAFKA_BROKERS: kafka.brokers.join(',') };
  const services = SERVICE_NAMES.map((name) => startService(name, { env, echo: process.env.STACK_QUIET !== '1' }));

  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    say('stopping services');
    await Promise.all(services.map((s) => s.stop()));
    if (kafka.startedHere) stopKafka();
    if (postgres.startedHere) stopPostgres();
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  for (const s of services) {
    s.child.once('exit', (code, signal) => {
      if (!stopping) {
        say(`${s.name} exited (${code ?? signal}); see ${s.logFile}`);
        void stop(1);
      }
    });
  }

  await Promise.all(services.map((s) => waitUntilHealthy(s)));
  say('all services healthy:');
  for (const s of services) say(`  ${s.name.padEnd(9)} ${s.url}  (/health, /metrics, /docs)  log ${s.logFile}`);
  say('Ctrl-C stops everything the stack started.');
}

main().catch((error) => {
  process.stderr.write(`[stack] ${error.stack ?? error}\n`);
  process.exit(1);
});
