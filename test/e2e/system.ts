import { signLocalToken } from '@ramprognos/service-kit';
import {
  LOCAL_SECRETS,
  SERVICE_NAMES,
  startPrivateKafka,
  startService,
  uniqueSchema,
  waitUntilHealthy,
  type PrivateKafka,
  type RunningService,
  type ServiceName,
} from '@ramprognos/testing';
import { Client } from 'pg';

/** The whole system as processes on a private broker and fresh schemas: what the e2e tier drives. */
export interface System {
  readonly kafka: PrivateKafka;
  readonly services: Record<ServiceName, RunningService>;
  token(roles: ('ekonom' | 'controller' | 'admin')[], subject?: string): Promise<string>;
  stop(): Promise<void>;
}

export const INGEST_TOKEN = {
  lifecare: 'local-lifecare-token',
  payments: 'local-payments-token',
} as const;

export async function startSystem(basePort: number): Promise<System> {
  const kafka = await startPrivateKafka();
  const schemas = Object.fromEntries(SERVICE_NAMES.map((n) => [n, uniqueSchema(`e2e_${n}`)])) as Record<ServiceName, string>;
  const env = (name: ServiceName) => ({
    ...LOCAL_SECRETS,
    KAFKA_BROKERS: kafka.brokers.join(','),
    DB_SCHEMA: schemas[name],
    FORECAST_URL: `http://127.0.0.1:${basePort + 3}`,
    LOG_LEVEL: 'warn',
  });
  const services = Object.fromEntries(
    SERVICE_NAMES.map((name, i) => [name, startService(name, { port: basePort + 1 + i, env: env(name) })]),
  ) as Record<ServiceName, RunningService>;
  await Promise.all(Object.values(services).map((s) => waitUntilHealthy(s, 90_000)));
  return {
    kafka,
    services,
    token: (roles, subject = `e2e-${roles.join('-')}`) => signLocalToken(LOCAL_SECRETS.AUTH_JWT_SECRET, { subject, roles }),
    async stop() {
      await Promise.all(Object.values(services).map((s) => s.stop()));
      kafka.destroy();
      const db = new Client({ connectionString: process.env.DATABASE_URL });
      await db.connect();
      for (const schema of Object.values(schemas)) await db.query(`drop schema if exists ${schema} cascade`);
      await db.end();
    },
  };
}

export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  const text = await response.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`not JSON (${response.status}): ${text.slice(0, 300)}`);
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms ${lastError}`);
}
