import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dlqTopic, TOPIC_PARTITIONS, TOPICS } from '@ramprognos/contracts';
import { parse } from 'yaml';
import type { z } from 'zod';
import { forecastConfigSchema, loadForecastConfig } from '../../services/forecast/src/config';
import { intakeConfigSchema, loadIntakeConfig } from '../../services/intake/src/config';
import { loadPaymentsConfig, paymentsConfigSchema } from '../../services/payments/src/config';
import { loadReportingConfig, reportingConfigSchema } from '../../services/reporting/src/config';

// The compose file is ops' contract with the services: what it sets must be what they read.
type Env = Record<string, string>;

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  command?: string[] | string;
}

const compose = parse(readFileSync(join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as {
  services: Record<string, ComposeService>;
};

/** Compose interpolation as `docker compose up` does it with nothing set in the shell or .env. */
function interpolate(value: string, shell: Env = {}): string {
  return value.replace(
    /\$\$|\$\{([A-Z0-9_]+)(?:(:?-)([^}]*))?\}/g,
    (whole, name?: string, op?: string, fallback?: string) => {
      if (whole === '$$') return '$';
      const set = name !== undefined ? shell[name] : undefined;
      if (op === ':-') return set ? set : (fallback ?? '');
      if (op === '-') return set ?? fallback ?? '';
      if (set === undefined) throw new Error(`\${${name}} has no default in docker-compose.yml`);
      return set;
    },
  );
}

function environmentOf(name: string): Env {
  const env: Env = {};
  for (const [key, value] of Object.entries(compose.services[name]?.environment ?? {})) {
    env[key] = interpolate(value === null ? '' : String(value));
  }
  return env;
}

const SERVICES: ReadonlyArray<{
  name: string;
  port: number;
  schema: z.AnyZodObject;
  load: (env: Env) => unknown;
}> = [
  { name: 'intake', port: 3001, schema: intakeConfigSchema, load: loadIntakeConfig },
  { name: 'payments', port: 3002, schema: paymentsConfigSchema, load: loadPaymentsConfig },
  { name: 'forecast', port: 3003, schema: forecastConfigSchema, load: loadForecastConfig },
  { name: 'reporting', port: 3004, schema: reportingConfigSchema, load: loadReportingConfig },
];

describe('docker-compose.yml', () => {
  it('runs Kafka 3.9.1 in KRaft mode, reachable by the other containers as kafka:9092', () => {
    const kafka = compose.services.kafka;
    expect(kafka.image).toBe('apache/kafka:3.9.1');
    const env = environmentOf('kafka');
    expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(env.KAFKA_ADVERTISED_LISTENERS.split(',')).toContain('PLAINTEXT://kafka:9092');
    expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    expect(kafka.healthcheck?.test.join(' ')).toMatch(/kafka:9092/);
    expect(compose.services.postgres.image).toBe('postgres:16');
  });

  it('creates the topics of @ramprognos/contracts and their dead-letter topics, with their partitions', () => {
    const init = compose.services['kafka-init'];
    const env = environmentOf('kafka-init');
    const topics = env.TOPICS.split(/\s+/).filter(Boolean);
    expect([...topics].sort()).toEqual(Object.values(TOPICS).sort());
    expect(new Set(Object.values(TOPIC_PARTITIONS))).toEqual(new Set([Number(env.PARTITIONS)]));
    // The script creates "$topic" and "$topic.dlq" for each: the contracts' DLQ naming.
    const script = interpolate(Array.isArray(init.command) ? init.command.join('\n') : (init.command ?? ''));
    const created = script.match(/for name in "\$topic" "\$topic(\.[a-z]+)"/);
    expect(created).not.toBeNull();
    for (const topic of topics) expect(`${topic}${created?.[1]}`).toBe(dlqTopic(topic));
    expect(script).toMatch(
      /kafka-topics\.sh --bootstrap-server kafka:9092 --create --if-not-exists[\s\\]+--topic "\$name" --partitions "\$PARTITIONS"/,
    );
    expect(init.depends_on?.kafka?.condition).toBe('service_healthy');
  });

  describe.each(SERVICES)('$name', ({ name, port, schema, load }) => {
    const service = compose.services[name];
    const env = environmentOf(name);

    it('is built from the Dockerfile for this service', () => {
      expect(service.build).toMatchObject({
        context: '.',
        dockerfile: 'Dockerfile',
        args: { SERVICE: name },
      });
    });

    it(`listens on the SPEC §8 default port ${port}, published and health-checked there`, () => {
      expect(env.PORT).toBe(String(port));
      expect(service.ports?.map((p) => p.split(':').slice(-2).join(':'))).toEqual([`${port}:${port}`]);
      expect(service.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${port}/health`);
    });

    it('sets only variables its config schema reads', () => {
      const read = Object.keys(schema.shape);
      expect(Object.keys(env).filter((key) => !read.includes(key))).toEqual([]);
    });

    it('sets every variable its config requires, with values it accepts', () => {
      const required = Object.entries(schema.shape)
        .filter(([, field]) => !(field as z.ZodTypeAny).isOptional())
        .map(([key]) => key);
      expect(required.filter((key) => !env[key])).toEqual([]);
      expect(() => load(env)).not.toThrow();
    });

    it('reaches Kafka and PostgreSQL by their compose names and waits for them', () => {
      expect(env.KAFKA_BROKERS).toBe('kafka:9092');
      const db = new URL(env.DATABASE_URL);
      const postgres = environmentOf('postgres');
      expect(db.hostname).toBe('postgres');
      expect(db.pathname).toBe(`/${postgres.POSTGRES_DB}`);
      expect(decodeURIComponent(db.password)).toBe(postgres.POSTGRES_PASSWORD);
      expect(service.depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        kafka: { condition: 'service_healthy' },
        'kafka-init': { condition: 'service_completed_successfully' },
      });
    });
  });

  it('lists exactly the infrastructure and the four services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['forecast', 'intake', 'kafka', 'kafka-init', 'payments', 'postgres', 'reporting'].sort(),
    );
  });
});

// Each service's .env.example documents exactly what its config reads, and boots as it is.
describe.each(SERVICES)('services/$name/.env.example', ({ name, schema, load }) => {
  const text = readFileSync(join(__dirname, '..', '..', 'services', name, '.env.example'), 'utf8');
  const assignments = [...text.matchAll(/^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/gm)];
  const active: Env = Object.fromEntries(
    assignments.filter((m) => !m[1]).map((m) => [m[2], m[3].replace(/^"(.*)"$/, '$1')]),
  );

  it('names every variable the config reads, and no other', () => {
    expect([...new Set(assignments.map((m) => m[2]))].sort()).toEqual(Object.keys(schema.shape).sort());
  });

  it('is a configuration the service accepts', () => {
    expect(() => load(active)).not.toThrow();
  });
});
