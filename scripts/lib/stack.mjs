// Starts the whole system for local use (stack, demo): PostgreSQL (DATABASE_URL, 127.0.0.1:5432,
// or the project's own), Apache Kafka (KAFKA_BROKERS or the project's own on 127.0.0.1:9092) and
// the four services from the compiled tree; stop() stops what it started, and only that.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('../../tools/register-dist.js');
const testing = require('../../dist/libs/testing/src/index.js');
const { SERVICE_NAMES, SERVICE_PORTS, LOCAL_SECRETS, ensureKafka, ensurePostgres, hostPort, isListening, runScript, startService, waitUntilHealthy, stopPostgres } =
  testing;

export { LOCAL_SECRETS };
export const say = (line) => process.stdout.write(`[stack] ${line}\n`);

const DEFAULT_PORT_BASE = SERVICE_PORTS.intake;

/**
 * The port of the first service (intake; the others follow in SPEC §8's order): `--port-base N`,
 * else RAMPROGNOS_PORT_BASE, else 3001. Another base lets a second stack (or a test of the demo)
 * run beside a developer's.
 */
export function portBaseOf(args = process.argv.slice(2), env = process.env) {
  const at = args.indexOf('--port-base');
  const raw = at >= 0 ? args[at + 1] : env.RAMPROGNOS_PORT_BASE;
  if (raw === undefined || raw === '') return DEFAULT_PORT_BASE;
  const base = Number(raw);
  const span = Math.max(...Object.values(SERVICE_PORTS)) - DEFAULT_PORT_BASE;
  if (!Number.isInteger(base) || base < 1024 || base + span > 65535) {
    console.error(`--port-base / RAMPROGNOS_PORT_BASE must be a port from 1024 to ${65535 - span}, not ${raw}`);
    process.exit(2);
  }
  return base;
}

export async function startStack({ echo = true, logDir, portBase = portBaseOf() } = {}) {
  const ports = Object.fromEntries(SERVICE_NAMES.map((name) => [name, SERVICE_PORTS[name] - DEFAULT_PORT_BASE + portBase]));
  // A taken port would only show as a service dying at start with EADDRINUSE in its log.
  const taken = [];
  for (const name of SERVICE_NAMES) if (await isListening('127.0.0.1', ports[name])) taken.push(`${name} ${ports[name]}`);
  if (taken.length > 0) {
    say(`port(s) in use: ${taken.join(', ')} (another stack or demo?); pick other ports with --port-base or RAMPROGNOS_PORT_BASE`);
    process.exit(1);
  }

  const postgres = await ensurePostgres('ramprognos');
  say(`PostgreSQL ${postgres.version}${postgres.startedHere ? ' (started by the stack)' : ''}`);
  const kafka = await ensureKafka();
  say(`Kafka ${kafka.version} at ${kafka.brokers.join(',')}, cluster ${kafka.clusterId}${kafka.startedHere ? ' (started by the stack)' : ''}`);

  const env = {
    ...LOCAL_SECRETS,
    ...process.env,
    DATABASE_URL: postgres.url,
    KAFKA_BROKERS: kafka.brokers.join(','),
    FORECAST_URL: `http://127.0.0.1:${ports.forecast}`,
  };
  const services = SERVICE_NAMES.map((name) => startService(name, { port: ports[name], env, echo, logDir }));

  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    say('stopping services');
    await Promise.all(services.map((s) => s.stop()));
    // The port of the broker this stack started, not whatever KAFKA_PORT the shell has: that one
    // may be somebody else's broker.
    if (kafka.startedHere) runScript('kafka.sh', ['stop'], { KAFKA_PORT: String(hostPort(kafka.brokers[0]).port) });
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
