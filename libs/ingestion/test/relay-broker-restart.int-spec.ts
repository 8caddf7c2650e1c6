import { EVENT_TYPES, TOPICS, TOPIC_PARTITIONS, type InboundEvent } from '@ramprognos/contracts';
import { CloudEventProducer, createKafka, ensureTopics } from '@ramprognos/messaging';
import { EventIngestion, OutboxRelay, PgEventStore, ingestionSpec } from '../src';
import { eventually, freshDatabase, idOf, ownBroker, readTopic, uniqueId, type OwnBroker } from './harness';

// The relay's own retry path: with a producer that gives up at once, a broker outage makes
// produce requests fail, and the relay sends each failed chunk again, unchanged, with the same
// idempotent producer. The broker restart must leave every event on the topic exactly once.

const run = uniqueId('relay-restart');
let broker: OwnBroker;
let db: Awaited<ReturnType<typeof freshDatabase>>;
let relay: OutboxRelay;
let producer: CloudEventProducer;
let failures = 0;

let n = 0;
function payment(householdId: string): InboundEvent {
  n += 1;
  return {
    specversion: '1.0',
    id: `${run}-${n}`,
    source: `urn:test:${run}`,
    type: EVENT_TYPES.paymentDisbursed,
    time: '2023-05-01T00:00:00Z',
    subject: householdId,
    datacontenttype: 'application/json',
    data: {
      paymentId: `p${n}`,
      caseId: 'c',
      householdId,
      paidOn: '2023-05-01',
      benefitMonth: '2023-05',
      amount: '1.00',
      components: [{ category: 'FORSORJNINGSSTOD', amount: '1.00' }],
    },
  };
}

beforeAll(async () => {
  broker = await ownBroker();
  await broker.start();
  const kafka = createKafka({
    clientId: 'relay-restart-test',
    brokers: broker.brokers,
    logLevel: 'nothing',
    retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 300 },
  });
  await ensureTopics(kafka, [{ topic: TOPICS.payments, numPartitions: TOPIC_PARTITIONS[TOPICS.payments] }]);
  db = await freshDatabase('ingestion_restart');
  producer = new CloudEventProducer(kafka, {
    retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 300 },
  });
  relay = new OutboxRelay({
    dataSource: db.dataSource,
    schema: db.schema,
    producer,
    claimLimit: 100,
    chunkSize: 50,
    pollIntervalMs: 100,
    backoff: { initialMs: 200, maxMs: 1000 },
    onPublishFailure: () => (failures += 1),
  });
  relay.start();
});

afterAll(async () => {
  await relay?.stop();
  await producer?.disconnect().catch(() => undefined);
  await broker?.remove();
  await db?.drop();
});

it('publishes every event exactly once and in order per key across a broker restart', async () => {
  const ingestion = new EventIngestion(
    ingestionSpec('payments'),
    new PgEventStore(db.dataSource, db.schema, () => relay.wake()),
  );
  const households = Array.from({ length: 7 }, (_, i) => `${run}-hh${i}`);
  const write = () =>
    ingestion.ingest(
      Array.from({ length: 40 }, (_, i) => payment(households[(n + i) % households.length])),
      'all-or-nothing',
      'http',
    );
  for (let i = 0; i < 5; i += 1) await write();
  const stopping = broker.stop();
  for (let i = 0; i < 10; i += 1) {
    await write();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopping;
  for (let i = 0; i < 5; i += 1) await write();
  await eventually(
    () => failures,
    (f) => f >= 2,
    'produce requests to fail while the broker is down',
  );
  await broker.start();
  await eventually(
    () => ingestion.outboxPending(),
    (p) => p === 0,
    'the outbox to drain',
    60_000,
  );

  const messages = readTopic(TOPICS.payments, 0, broker.brokers).filter((m) =>
    (idOf(m) ?? '').startsWith(`${run}-`),
  );
  const ids = messages.map((m) => idOf(m));
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.length).toBe(n);
  for (const household of households) {
    const order = messages
      .filter((m) => m.key === household)
      .map((m) => Number((idOf(m) ?? '').split('-').pop()));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  }
});
