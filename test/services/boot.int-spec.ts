import type { DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createServiceApp, JsonLogger } from '@ramprognos/service-kit';
import { uniqueSchema } from '@ramprognos/testing';
import { Client } from 'pg';
import request from 'supertest';
import { AppModule as ForecastModule } from '../../services/forecast/src/app.module';
import { loadForecastConfig } from '../../services/forecast/src/config';
import { migrations as forecastMigrations } from '../../services/forecast/src/migrations';
import { AppModule as IntakeModule } from '../../services/intake/src/app.module';
import { loadIntakeConfig } from '../../services/intake/src/config';
import { migrations as intakeMigrations } from '../../services/intake/src/migrations';
import { AppModule as PaymentsModule } from '../../services/payments/src/app.module';
import { loadPaymentsConfig } from '../../services/payments/src/config';
import { migrations as paymentsMigrations } from '../../services/payments/src/migrations';
import { AppModule as ReportingModule } from '../../services/reporting/src/app.module';
import { loadReportingConfig } from '../../services/reporting/src/config';
import { migrations as reportingMigrations } from '../../services/reporting/src/migrations';

type Env = Record<string, string | undefined>;

interface ServiceUnderTest {
  readonly name: string;
  readonly module: (env: Env) => DynamicModule;
  /** Tables the service must own (its schema holds these, the migrations table and maybe more). */
  readonly tables: readonly string[];
  readonly migrations: readonly (new () => { name?: string })[];
}

// The real wiring of each service (config → AppModule → kit bootstrap), as main.ts does it.
const SERVICES: readonly ServiceUnderTest[] = [
  {
    name: 'intake',
    module: (env) => IntakeModule.forRoot(loadIntakeConfig(env)),
    tables: ['event_store', 'outbox'],
    migrations: intakeMigrations,
  },
  {
    name: 'payments',
    module: (env) => PaymentsModule.forRoot(loadPaymentsConfig(env)),
    tables: ['event_store', 'outbox'],
    migrations: paymentsMigrations,
  },
  {
    name: 'forecast',
    module: (env) => ForecastModule.forRoot(loadForecastConfig(env)),
    tables: ['applied_messages', 'consumer_positions', 'projection_generations', 'payments', 'placements', 'ledger_postings'],
    migrations: forecastMigrations,
  },
  {
    name: 'reporting',
    module: (env) => ReportingModule.forRoot(loadReportingConfig(env)),
    tables: ['budget_events', 'forecast_adjustments'],
    migrations: reportingMigrations,
  },
];

const SECRETS: Env = {
  PSEUDONYM_KEY: 'int-test-pseudonym-key-0123456789abcdef',
  INBOUND_START: 'latest',
  INGEST_TOKENS: 'int-token=urn:system:int-test',
  AUTH_JWT_SECRET: 'int-test-jwt-secret-0123456789abcdef',
};

async function boot(service: ServiceUnderTest, env: Env): Promise<NestExpressApplication> {
  return createServiceApp(service.module({ ...process.env, ...SECRETS, ...env }), {
    serviceName: service.name,
    port: 0,
    host: '127.0.0.1',
    logger: new JsonLogger({ service: service.name, level: 'error', write: () => undefined }),
  });
}

async function sql<T extends Record<string, unknown>>(text: string, params: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

describe.each(SERVICES)('$name service boots', (service) => {
  const schema = uniqueSchema(`${service.name}_boot`);
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await boot(service, { DB_SCHEMA: schema });
  });
  afterAll(async () => {
    await app?.close();
    await sql(`drop schema if exists "${schema}" cascade`, []);
  });

  it('reports healthy with PostgreSQL and Kafka up', async () => {
    const res = await request(app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      details: { database: { status: 'up' }, kafka: { status: 'up', brokers: expect.any(Number) } },
    });
  });

  it('exposes Prometheus metrics', async () => {
    await request(app.getHttpServer()).get('/health').expect(200);
    const res = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain(
      `http_requests_total{method="GET",route="/health",status="200",service="${service.name}"}`,
    );
    expect(res.text).toMatch(/^nodejs_heap_size_used_bytes\{service="\w+"\} \d+/m);
  });

  it('serves a valid OpenAPI document', async () => {
    const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(res.body.info).toMatchObject({ title: `Ramprognos ${service.name}`, version: expect.any(String) });
    expect(res.body.paths['/health'].get).toBeDefined();
    expect(res.body.paths['/metrics'].get).toBeDefined();
  });

  it('ran its migrations into its own schema only', async () => {
    const rows = await sql<{ table_name: string }>(
      'select table_name from information_schema.tables where table_schema = $1 order by table_name',
      [schema],
    );
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining([...service.tables, 'migrations']));
    const applied = await sql<{ name: string }>(`select name from "${schema}".migrations order by id`, []);
    expect(applied.map((r) => r.name)).toEqual(service.migrations.map((m) => new m().name));
  });

  it('applies migrations once when booted again on the same schema', async () => {
    const again = await boot(service, { DB_SCHEMA: schema });
    try {
      await request(again.getHttpServer()).get('/health').expect(200);
      const applied = await sql<{ n: string }>(`select count(*)::text as n from "${schema}".migrations`, []);
      expect(applied[0].n).toBe(String(service.migrations.length));
    } finally {
      await again.close();
    }
  });

  it('reports 503 with details when Kafka is unreachable', async () => {
    const downSchema = uniqueSchema(`${service.name}_nokafka`);
    const down = await boot(service, { DB_SCHEMA: downSchema, KAFKA_BROKERS: '127.0.0.1:1' });
    try {
      const started = Date.now();
      const res = await request(down.getHttpServer()).get('/health').expect(503);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(res.body).toMatchObject({
        status: 'error',
        info: { database: { status: 'up' } },
        error: { kafka: { status: 'down', message: expect.any(String) } },
      });
    } finally {
      await down.close();
      await sql(`drop schema if exists "${downSchema}" cascade`, []);
    }
  });
});
