// Starts the whole system for local use (stack, demo): PostgreSQL (DATABASE_URL, 127.0.0.1:5432,
// or the project's own), Apache Kafka (KAFKA_BROKERS or the project's own on 127.0.0.1:9092) and
// the four services from the compiled tree; stop() stops what it started.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('../../tools/register-dist.js');
const testing = require('../../dist/libs/testing/src/index.js');
const { SERVICE_NAMES, LOCAL_SECRETS, ensureKafka, ensurePostgres, startService, waitUntilHealthy, stopKafka, stopPostgres } = testing;

export { LOCAL_SECRETS };
export const say = (line) => process.stdout.write(`[stack] ${line}\n`);

export async function startStack({ echo = true, logDir } = {}) {
  const postgres = await ensurePostgres('ramprognos');
  say(`PostgreSQL ${postgres.version}${postgres.startedHere ? ' (started by the stack)' : ''}`);
  const kafka = await ensureKafka();
  say(`Kafka ${kafka.version} at ${kafka.brokers.join(',')}, cluster ${kafka.clusterId}${kafka.startedHere ? ' (started by the stack)' : ''}`);

  const env = { ...LOCAL_SECRETS, ...process.env, DATABASE_URL: postgres.url, KAFKA_BROKERS: kafka.brokers.join(',') };
  const services = SERVICE_NAMES.map((name) => startService(name, { env, echo, logDir }));

  let stopping = false;
  const stop = async (code = 0) => {
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
  try {
    await Promise.all(services.map((s) => waitUntilHealthy(s, 120_000)));
  } catch (error) {
    say(error.message);
    await stop(1);
  }
  return { services: Object.fromEntries(services.map((s) => [s.name, s])), stop };
}
