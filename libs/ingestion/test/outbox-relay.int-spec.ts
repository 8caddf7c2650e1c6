import { EVENT_TYPES, TOPICS, TOPIC_PARTITIONS, type InboundEvent } from '@ramprognos/contracts';
import { CloudEventProducer, createKafka, ensureTopics } from '@ramprognos/messaging';
import { Client } from 'pg';
import { EventIngestion, OutboxRelay, PgEventStore, ingestionSpec, prepareEvents } from '../src';
import { env, eventually, freshDatabase, idOf, readTopic, sql, uniqueId } from './harness';

// The relay against real PostgreSQL and Kafka: the pitfalls of an outbox relay, on purpose.

const run = uniqueId('relay');
const spec = ingestionSpec('payments');
const since = Date.now() - 1000;
const kafka = createKafka({ clientId: 'relay-test', brokers: env('KAFKA_BROKERS'), logLevel: 'error' });
let db: Awaited<ReturnType<typeof freshDatabase>>;
let ingestion: EventIngestion;
const relays: OutboxRelay[] = [];
const producers: CloudEventProducer[] = [];

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

function startRelay(): OutboxRelay {
  const producer = new CloudEventProducer(kafka, { maxBatchSize: 1000 });
  const relay = new OutboxRelay({
    dataSource: db.dataSource,
    schema: db.schema,
    producer,
    claimLimit: 40,
    pollIntervalMs: 200,
  });
  producers.push(producer);
  relays.push(relay);
  relay.start();
  return relay;
}

const pending = () => ingestion.outboxPending();
const published = () =>
  readTopic(TOPICS.payments, since).filter((m) => (idOf(m) ?? '').startsWith(`${run}-`));

beforeAll(async () => {
  await ensureTopics(kafka, [{ topic: TOPICS.payments, numPartitions: TOPIC_PARTITIONS[TOPICS.payments] }]);
  db = await freshDatabase('ingestion_relay');
  ingestion = new EventIngestion(spec, new PgEventStore(db.dataSource, db.schema));
});

afterAll(async () => {
  await Promise.all(relays.map((r) => r.stop()));
  await Promise.all(producers.map((p) => p.disconnect()));
  await db?.drop();
});

it('publishes a row whose transaction commits after a later row was published (no "seq > last seen")', async () => {
  startRelay();
  const [late] = prepareEvents([payment(`${run}-late`)], spec);
  const client = new Client({ connectionString: env('DATABASE_URL') });
  await client.connect();
  try {
    await client.query(`set search_path to "${db.schema}"`);
    await client.query('begin');
    await client.query(
      `insert into event_store (source, id, type, subject, time, payload, content_hash) values ($1, $2, $3, $4, $5, $6, $7)`,
      [late.source, late.id, late.type, late.subject, late.time, late.payload, late.contentHash],
    );
    await client.query(`insert into outbox (event_source, event_id, topic, key) values ($1, $2, $3, $4)`, [
      late.source,
      late.id,
      late.topic,
      late.key,
    ]);
    const early = payment(`${run}-early`);
    await ingestion.ingest([early], 'all-or-nothing', 'http');
    await eventually(published, (m) => m.some((x) => idOf(x) === early.id), 'the later row to be published');
    await client.query('commit');
    await eventually(published, (m) => m.some((x) => idOf(x) === late.id), 'the row that committed late');
    const seqs = await sql<{ event_id: string; seq: string }>(
      `select event_id, seq::text from "${db.schema}".outbox where event_id = any($1) order by seq`,
      [[late.id, early.id]],
    );
    expect(seqs.map((s) => s.event_id)).toEqual([late.id, early.id]);
  } finally {
    await client.end();
  }
});

it('with two relays and concurrent writers, publishes every event once, each key in seq order', async () => {
  startRelay();
  const households = Array.from({ length: 9 }, (_, i) => `${run}-hh${i}`);
  const batches = Array.from({ length: 16 }, (_, b) =>
    Array.from({ length: 25 }, (_, i) => payment(households[(b + i) % households.length])),
  );
  const results = await Promise.all(
    batches.map((events) => ingestion.ingest(events, 'all-or-nothing', 'http')),
  );
  expect(results.every((r) => r.accepted === 25)).toBe(true);
  await eventually(pending, (p) => p === 0, 'the outbox to drain', 30_000);

  const ids = batches.flat().map((e) => e.id);
  const messages = published().filter((m) => ids.includes(idOf(m) ?? ''));
  expect(messages).toHaveLength(ids.length);
  expect(new Set(messages.map(idOf)).size).toBe(ids.length);
  const seqOf = new Map(
    (
      await sql<{ event_id: string; seq: string }>(
        `select event_id, seq::text from "${db.schema}".outbox where event_id = any($1)`,
        [ids],
      )
    ).map((r) => [r.event_id, Number(r.seq)]),
  );
  for (const household of households) {
    const order = messages.filter((m) => m.key === household).map((m) => seqOf.get(idOf(m) ?? '') ?? -1);
    expect(order.length).toBeGreaterThan(0);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  }
});

it('does not let a later row of a key overtake one whose transaction is slow to commit', async () => {
  startRelay();
  const key = `${run}-slow`;
  const slow = payment(key);
  // Holds the writing transaction of `slow` open for a while after its outbox row took a seq.
  await sql(`
    create function "${db.schema}".slow_outbox() returns trigger language plpgsql as $$
    begin
      if new.event_id = '${slow.id}' then
        perform pg_sleep(1.5);
      end if;
      return new;
    end $$`);
  await sql(
    `create trigger slow after insert on "${db.schema}".outbox for each row execute function "${db.schema}".slow_outbox()`,
  );
  try {
    const slowWrite = ingestion.ingest([slow], 'all-or-nothing', 'http');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const later = [payment(key), payment(key), payment(key)];
    for (const event of later) await ingestion.ingest([event], 'all-or-nothing', 'http');
    await slowWrite;
    await eventually(pending, (p) => p === 0, 'the outbox to drain', 30_000);
    const order = published()
      .filter((m) => m.key === key)
      .map(idOf);
    expect(order).toEqual([slow, ...later].map((e) => e.id));
  } finally {
    await sql(`drop trigger slow on "${db.schema}".outbox`);
  }
});
