import type { NestExpressApplication } from '@nestjs/platform-express';
import { EVENT_TYPES, TOPICS } from '@ramprognos/contracts';
import { IngestionRuntime } from '@ramprognos/ingestion';
import { createServiceApp, JsonLogger } from '@ramprognos/service-kit';
import { uniqueId, uniqueSchema } from '@ramprognos/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { loadPaymentsConfig } from '../src/config';
import { captureStdout, eventually, idOf, readTopic, sql } from '@ramprognos/testing';
import { ownBroker, type OwnBroker } from './support';

// The outbox keeps what was acknowledged while Kafka is away and drains it, in order per key,
// when the broker is back: on a broker of this test's own (the shared one on 9092 is never
// stopped), stopped and restarted while requests keep coming.

const run = uniqueId('restart').replace(/[^a-z0-9-]/g, '');
const SOURCE = `urn:test:${run}:utbetalning`;
const TOKEN = `token-${run}`;
const HOUSEHOLDS = Array.from({ length: 12 }, (_, i) => `hh-${run}-${i}`);
const BATCH = 60;

const schema = uniqueSchema('payments_restart');
let broker: OwnBroker;
let app: NestExpressApplication;
let sequence = 0;
// kafkajs reports every refused connection during the outage; kept out of the test output.
let stdout: ReturnType<typeof captureStdout>;

function batch(): object[] {
  return Array.from({ length: BATCH }, () => {
    sequence += 1;
    const householdId = HOUSEHOLDS[sequence % HOUSEHOLDS.length];
    return {
      specversion: '1.0',
      id: `pay-${run}-${sequence}`,
      source: SOURCE,
      type: EVENT_TYPES.paymentDisbursed,
      time: '2023-04-25T10:00:00Z',
      subject: householdId,
      data: {
        paymentId: `p-${sequence}`,
        caseId: `case-${run}`,
        householdId,
        paidOn: '2023-04-25',
        benefitMonth: '2023-05',
        amount: '100.00',
        components: [{ category: 'FORSORJNINGSSTOD', amount: '100.00' }],
      },
    };
  });
}

const http = () => request(app.getHttpServer());
const pending = async () => (await http().get('/v1/status').expect(200)).body.outboxPending as number;

async function postBatch(): Promise<void> {
  const res = await http().post('/v1/events').set('Authorization', `Bearer ${TOKEN}`).send(batch());
  expect(res.status).toBe(202);
  expect(res.body.accepted).toBe(BATCH);
}

beforeAll(async () => {
  stdout = captureStdout();
  broker = await ownBroker();
  await broker.start();
  const config = loadPaymentsConfig({
    ...process.env,
    KAFKA_BROKERS: broker.brokers,
    DB_SCHEMA: schema,
    INGEST_TOKENS: `${TOKEN}=${SOURCE}`,
    INBOUND_START: 'latest',
  });
  app = await createServiceApp(AppModule.forRoot(config), {
    serviceName: 'payments',
    port: 0,
    listen: false,
    logger: new JsonLogger({ service: 'payments', level: 'error', write: () => undefined }),
  });
  await app.get(IngestionRuntime).ready();
});

afterAll(async () => {
  await app?.close();
  await broker?.remove();
  stdout?.restore();
  await sql(`drop schema if exists "${schema}" cascade`);
});

it('keeps accepting while the broker is down, then publishes every accepted event exactly once, in order per key', async () => {
  for (let i = 0; i < 3; i += 1) await postBatch();
  const stopping = broker.stop();
  // Mid-stream: requests go on while the broker shuts down, and after.
  while (
    !(await Promise.race([
      stopping.then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), 50)),
    ]))
  ) {
    await postBatch();
  }
  for (let i = 0; i < 4; i += 1) await postBatch();
  const grown = await pending();
  expect(grown).toBeGreaterThanOrEqual(4 * BATCH);
  await postBatch();
  expect(await pending()).toBe(grown + BATCH);

  await broker.start();
  await eventually(pending, (n) => n === 0, 'the outbox to drain after the restart', 90_000);

  const messages = readTopic(TOPICS.payments, 0, broker.brokers).filter((m) => (m.value ?? '').includes(run));
  const ids = messages.map((m) => idOf(m) ?? '');
  const expected = Array.from({ length: sequence }, (_, i) => `pay-${run}-${i + 1}`);
  expect(new Set(ids).size).toBe(ids.length); // no duplicates
  expect([...ids].sort()).toEqual([...expected].sort()); // none lost
  for (const household of HOUSEHOLDS) {
    const order = messages
      .filter((m) => m.key === household)
      .map((m) => Number((idOf(m) ?? '').split('-').pop()));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  }
});
