import { EVENT_TYPES, TOPICS, dlqTopic, validateEvents, type PublishedEvent } from '@ramprognos/contracts';
import { CloudEventProducer, createKafka, endOffsets } from '@ramprognos/messaging';
import { startPrivateKafka, uniqueSchema, type PrivateKafka } from '@ramprognos/testing';
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { migrations } from '../../migrations';
import { ProjectionWriter } from '../applying-events/projection-writer';
import { CONSUMED_TOPICS } from '../consumed-topics';
import { GenerationsRepository } from '../generations/generations.repository';
import { ProjectionConsumers } from './projection-consumers';

// A database outage while events arrive (real Kafka, real PostgreSQL): the projection consumer
// waits it out and applies the events afterwards; none is dead-lettered. The outage is the
// service's role being cut off as a server going away looks: its backends terminated (57P01)
// and new connections refused (53300 too many connections), until the limit is lifted.

const schema = uniqueSchema('forecast_outage');
const role = schema;
let broker: PrivateKafka;
let kafka: Kafka;
let admin: Client;
let dataSource: DataSource;
let consumers: ProjectionConsumers;
let producer: CloudEventProducer;

function urlAs(user: string): string {
  const url = new URL(process.env.DATABASE_URL ?? '');
  url.username = user;
  url.password = '';
  return url.toString();
}

function ledgerPosted(n: number): PublishedEvent {
  const result = validateEvents(
    {
      specversion: '1.0',
      id: `outage-${n}`,
      source: 'urn:system:raindance',
      type: EVENT_TYPES.ledgerPosted,
      time: '2023-05-01T00:00:00Z',
      subject: `outage-post-${n}`,
      datacontenttype: 'application/json',
      data: { postingId: `outage-post-${n}`, bookedOn: '2023-05-01', account: '4560', amount: '10.00' },
    },
    { form: 'published' },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.events[0];
}

async function eventsApplied(): Promise<number> {
  const { rows } = await admin.query<{ n: string }>(
    `select events_applied as n from "${schema}".projection_generations where status = 'active'`,
  );
  return Number(rows[0]?.n ?? 0);
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function deadLettered(): Promise<number> {
  const ends = await endOffsets(kafka, CONSUMED_TOPICS.map(dlqTopic));
  return ends.reduce((sum, p) => sum + p.endOffset - p.startOffset, 0);
}

async function cutOff(): Promise<void> {
  await admin.query(`alter role "${role}" connection limit 0`);
  await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where usename = $1`, [role]);
}

beforeAll(async () => {
  broker = await startPrivateKafka();
  kafka = createKafka({ clientId: 'forecast-outage-test', brokers: broker.brokers, logLevel: 'error' });
  admin = new Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  // Not a superuser: a role's connection limit does not bind superusers.
  await admin.query(`create role "${role}" login`);
  await admin.query(`create schema "${schema}" authorization "${role}"`);
  dataSource = await new DataSource({
    type: 'postgres',
    url: urlAs(role),
    schema,
    migrations: [...migrations],
    migrationsTableName: 'migrations',
    poolSize: 4,
    extra: { options: `-c search_path="${schema}"` },
  }).initialize();
  await dataSource.runMigrations();
  consumers = new ProjectionConsumers(
    kafka,
    new ProjectionWriter(dataSource),
    new GenerationsRepository(dataSource),
    new Registry(),
  );
  consumers.onApplicationBootstrap();
  producer = new CloudEventProducer(kafka);
}, 180_000);

afterAll(async () => {
  await consumers?.onApplicationShutdown();
  await producer?.disconnect().catch(() => undefined);
  await dataSource?.destroy().catch(() => undefined);
  if (admin) {
    await admin.query(`alter role "${role}" connection limit -1`).catch(() => undefined);
    await admin.query(`drop schema if exists "${schema}" cascade`).catch(() => undefined);
    await admin
      .query(`select pg_terminate_backend(pid) from pg_stat_activity where usename = $1`, [role])
      .catch(() => undefined);
    await admin.query(`drop role if exists "${role}"`).catch(() => undefined);
    await admin.end();
  }
  broker?.destroy();
}, 60_000);

describe('projection consumer during a database outage', () => {
  it('retries until the database is back, then applies every event; nothing is dead-lettered', async () => {
    await waitFor('the consumer of generation 1', async () => consumers.counters().length === 1);
    await producer.publish(TOPICS.ledger, [ledgerPosted(1)]);
    await waitFor('the first event applied', async () => (await eventsApplied()) === 1);

    await cutOff();
    await producer.publish(TOPICS.ledger, [ledgerPosted(2), ledgerPosted(3)]);
    // Long enough for a permanent failure to exhaust its attempts (batch, then one by one) and
    // be dead-lettered: about 3 s per round at the default backoff.
    await waitFor('retries during the outage', async () => consumers.counters()[0].retries >= 8, 30_000);
    await new Promise((r) => setTimeout(r, 8_000));
    expect(consumers.counters()[0]).toMatchObject({ deadLettered: 0, handled: 1 });
    expect(await deadLettered()).toBe(0);

    await admin.query(`alter role "${role}" connection limit -1`);
    await waitFor('the events of the outage applied', async () => (await eventsApplied()) === 3);
    expect(consumers.counters()[0]).toMatchObject({ deadLettered: 0 });
    expect(await deadLettered()).toBe(0);
  }, 120_000);
});
