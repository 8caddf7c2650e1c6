import { EVENT_TYPES, TOPICS, pseudonymiseCaseOpened, validateEvents, type CaseOpenedInbound, type PublishedEvent } from '@ramprognos/contracts';
import { CloudEventProducer, createKafka, ensureTopics } from '@ramprognos/messaging';
import { signLocalToken } from '@ramprognos/service-kit';
import {
  LOCAL_SECRETS,
  loadExampleFixtures,
  startPrivateKafka,
  startService,
  uniqueSchema,
  waitUntilHealthy,
  type PrivateKafka,
  type RunningService,
} from '@ramprognos/testing';
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { forecastYear } from '../forecasting/engine/forecast-engine';
import { buildForecastInput } from '../forecasting/input/build-forecast-input';
import { InMemoryFacts } from '../forecasting/input/in-memory-facts';
import { toForecastResponse, toPublishedData } from '../forecasting/querying-forecast/forecast-response';
import { CONSUMED_TOPIC_SPECS } from '../projections/consumed-topics';
import { dueMonthEnd } from './month-end/month-end-schedule';

// The forecast query API and snapshots against a real broker and database, the service as a
// process (compiled tree): the forecast from the projections equals the engine run on the same
// events in memory (so the back-test measures what the service serves), byte for byte on every
// call; a snapshot is stored, immutable, and published as forecast.published — also when the
// broker is down while it is taken; the month-end snapshot is taken once, however often the
// service starts.

const fixtures = loadExampleFixtures();
const KNOWN_AT = '2023-09-07T23:59:59.999Z';

function publishedForm(): PublishedEvent[] {
  const validated = validateEvents(fixtures.events, { form: 'inbound' });
  if (!validated.ok) throw new Error(`example events invalid: ${JSON.stringify(validated.errors.slice(0, 3))}`);
  return validated.events.map((e) =>
    e.type === EVENT_TYPES.caseOpened ? pseudonymiseCaseOpened(e as CaseOpenedInbound, LOCAL_SECRETS.PSEUDONYM_KEY) : (e as PublishedEvent),
  );
}

const topicOf = (e: PublishedEvent) =>
  e.type.includes('.case.') ? TOPICS.cases : e.type.includes('.placement.') ? TOPICS.placements : e.type.includes('.ledger.') ? TOPICS.ledger : TOPICS.payments;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

describe('forecasts and snapshots (real Kafka, PostgreSQL, service process)', () => {
  const schema = uniqueSchema('forecast_snap');
  const events = publishedForm();
  let kafka: PrivateKafka;
  let service: RunningService;
  let client: Kafka;
  const tokens: Record<'admin' | 'controller' | 'ekonom' | 'service', string> = { admin: '', controller: '', ekonom: '', service: '' };

  const start = async () => {
    service = startService('forecast', {
      port: 3133,
      env: { KAFKA_BROKERS: kafka.brokers.join(','), DB_SCHEMA: schema, AUTH_JWT_SECRET: LOCAL_SECRETS.AUTH_JWT_SECRET, LOG_LEVEL: 'warn' },
    });
    await waitUntilHealthy(service);
  };

  const call = async (path: string, init: RequestInit & { role?: keyof typeof tokens } = {}) => {
    const { role = 'service', ...rest } = init;
    return fetch(`${service.url}${path}`, {
      ...rest,
      headers: { authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json', ...(rest.headers ?? {}) },
    });
  };
  const json = async (path: string, init: RequestInit & { role?: keyof typeof tokens } = {}) => {
    const response = await call(path, init);
    const body = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  };

  /** Everything on the forecasts topic now, read by a fresh consumer to the end of each partition. */
  const eventsOnTopic = async (): Promise<Record<string, unknown>[]> => {
    const admin = client.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(TOPICS.forecasts);
    await admin.disconnect();
    const remaining = new Map(ends.filter((p) => Number(p.high) > 0).map((p) => [p.partition, Number(p.high)]));
    const found: Record<string, unknown>[] = [];
    if (remaining.size === 0) return found;
    const consumer = client.consumer({ groupId: `snapshots-int-${process.hrtime.bigint()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.forecasts, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('could not read the forecasts topic to its end')), 30_000);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          found.push({ key: message.key?.toString(), ...(JSON.parse(message.value?.toString() ?? '{}') as Record<string, unknown>) });
          if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
          if (remaining.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    return found;
  };
  const eventWithId = (id: string) => until(`event ${id} on the topic`, async () => (await eventsOnTopic()).find((e) => e.id === id), 120_000);

  const inMemory = async (asOf: string, knownAt: string) => {
    const facts = InMemoryFacts.fromEvents(events.filter((e) => !e.type.startsWith('se.socialtjanst.case.')));
    return forecastYear(await buildForecastInput(facts, { year: Number(asOf.slice(0, 4)), asOf, knownAt }));
  };

  beforeAll(async () => {
    kafka = await startPrivateKafka();
    client = createKafka({ clientId: 'forecast-snapshots-int', brokers: kafka.brokers, logLevel: 'nothing' });
    await ensureTopics(client, [...CONSUMED_TOPIC_SPECS, { topic: TOPICS.forecasts, numPartitions: 6 }]);
    const producer = new CloudEventProducer(client);
    for (const topic of [TOPICS.cases, TOPICS.placements, TOPICS.payments, TOPICS.ledger]) {
      await producer.publish(topic, events.filter((e) => topicOf(e) === topic));
    }
    await producer.disconnect();
    for (const role of ['admin', 'controller', 'ekonom', 'service'] as const) {
      tokens[role] = await signLocalToken(LOCAL_SECRETS.AUTH_JWT_SECRET, { subject: `int-${role}`, roles: [role] });
    }
    await start();
    await until('caught up', async () => {
      const status = (await fetch(`${service.url}/v1/status`).then((r) => r.json())) as { caughtUp: boolean; eventsApplied: number };
      return status.caughtUp && status.eventsApplied === events.length ? true : undefined;
    });
  });

  afterAll(async () => {
    await service?.stop();
    kafka?.destroy();
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    await db.query(`drop schema if exists ${schema} cascade`);
    await db.end();
  });

  it('serves the forecast the engine gives on the same events in memory, byte-identical on every call', async () => {
    const path = `/v1/forecasts?year=2023&asOf=2023-08-31&knownAt=${KNOWN_AT}`;
    const first = await (await call(path)).text();
    const second = await (await call(path)).text();
    expect(second).toBe(first);
    const served = JSON.parse(first) as { keys: { key: string; method: string }[] };
    expect(served.keys.length).toBeGreaterThan(20);
    expect(served).toEqual(JSON.parse(JSON.stringify(toForecastResponse(await inMemory('2023-08-31', KNOWN_AT)))));
    expect(new Set(served.keys.map((k) => k.method))).toEqual(
      new Set(['placements.commitments+inflow', 'payments.households-x-cost', 'payments.seasonal-trend', 'ledger.last-year-pattern', ...served.keys.filter((k) => k.method === 'run-rate').map(() => 'run-rate')]),
    );
  });

  it('takes a snapshot on demand: stored as served, published as forecast.published, listed with the change since the previous', async () => {
    const taken = await json('/v1/snapshots', { method: 'POST', role: 'controller', body: JSON.stringify({ year: 2023, asOf: '2023-08-31', knownAt: KNOWN_AT }) });
    expect(taken).toMatchObject({ year: 2023, asOf: '2023-08-31', knownAt: KNOWN_AT, occasion: 'on-demand', createdBy: 'int-controller' });
    const id = taken.snapshotId as string;
    const document = await (await call(`/v1/snapshots/${id}/forecast`)).text();
    expect(document).toBe(await (await call(`/v1/forecasts?year=2023&asOf=2023-08-31&knownAt=${KNOWN_AT}`)).text());

    const event = await eventWithId(id);
    expect(event).toMatchObject({ key: 'forecast-2023', type: 'se.socialtjanst.forecast.published.v1', source: 'urn:ramprognos:forecast', subject: 'forecast-2023' });
    const { key: _key, ...cloudEvent } = event;
    expect(validateEvents([cloudEvent], { form: 'published' }).ok).toBe(true);
    expect(event.data).toEqual(JSON.parse(JSON.stringify(toPublishedData(await inMemory('2023-08-31', KNOWN_AT)))));

    const later = await json('/v1/snapshots', { method: 'POST', role: 'admin', body: JSON.stringify({ year: 2023, asOf: '2023-09-30', knownAt: '2023-10-07T23:59:59.999Z' }) });
    const list = (await json('/v1/snapshots?year=2023')) as { snapshots: { snapshotId: string }[] };
    expect(list.snapshots.map((s) => s.snapshotId)).toEqual([id, later.snapshotId]);
    const detail = await json(`/v1/snapshots/${later.snapshotId as string}`);
    expect(detail.previous).toMatchObject({ snapshotId: id });
    const change = detail.changeSincePrevious as { total: string; keys: { change: string }[] };
    expect(BigInt(change.total)).toBe(
      BigInt((detail.forecast as { total: { forecastFullYear: string } }).total.forecastFullYear) - BigInt(taken.totalForecastFullYear as string),
    );
    expect(change.keys.length).toBeGreaterThan(0);
    await until('both published', async () => ((await json('/v1/snapshots?year=2023')) as { snapshots: { published: boolean }[] }).snapshots.every((s) => s.published) || undefined);
  });

  it('keeps snapshots immutable', async () => {
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      await expect(db.query(`update ${schema}.forecast_snapshots set total_forecast = 0`)).rejects.toThrow(/immutable/);
      await expect(db.query(`delete from ${schema}.forecast_snapshots`)).rejects.toThrow(/immutable/);
    } finally {
      await db.end();
    }
  });

  it('takes the month-end snapshot once, however often the service starts', async () => {
    const due = dueMonthEnd(new Date());
    if (due === null) throw new Error('no month end is due');
    const monthEnd = async () =>
      ((await json(`/v1/snapshots?year=${due.year}`)) as { snapshots: { asOf: string; occasion: string; snapshotId: string; published: boolean }[] }).snapshots.filter(
        (s) => s.occasion === 'month-end' && s.asOf === due.asOf,
      );
    const [first] = await until('the month-end snapshot', async () => ((await monthEnd()).length > 0 ? monthEnd() : undefined), 60_000);
    await eventWithId(first.snapshotId);
    await service.stop();
    await start();
    await new Promise((r) => setTimeout(r, 3_000)); // the schedule looks 1 s after start
    expect((await monthEnd()).map((s) => s.snapshotId)).toEqual([first.snapshotId]);
  });

  it('stores a snapshot taken while the broker is down and publishes it when the broker is back', async () => {
    kafka.stop();
    try {
      const taken = await json('/v1/snapshots', { method: 'POST', role: 'admin', body: JSON.stringify({ year: 2023, asOf: '2023-04-30', knownAt: '2023-05-07T00:00:00Z' }) });
      expect(taken.published).toBe(false);
      const id = taken.snapshotId as string;
      kafka.start();
      const event = await eventWithId(id);
      expect(event).toMatchObject({ type: 'se.socialtjanst.forecast.published.v1', data: { year: 2023, asOf: '2023-04-30' } });
      await until('marked published', async () => ((await json(`/v1/snapshots/${id}`)).published === true ? true : undefined));
    } finally {
      kafka.start();
    }
  });

  it('lets services, controllers and admins read, only a controller or admin take a snapshot, and no ekonom see per-key figures', async () => {
    expect((await fetch(`${service.url}/v1/forecasts?year=2023&asOf=2023-08-31`)).status).toBe(401);
    expect((await call('/v1/snapshots', { method: 'POST', body: JSON.stringify({ year: 2023, asOf: '2023-08-31' }) })).status).toBe(403);
    expect((await call('/v1/forecasts?year=2023&asOf=2023-08-31', { role: 'ekonom' })).status).toBe(403);
    expect((await call('/v1/snapshots?year=2023', { role: 'ekonom' })).status).toBe(403);
    expect((await call('/v1/snapshots?year=2023')).status).toBe(200);
    expect((await call('/v1/snapshots?year=2023', { role: 'controller' })).status).toBe(200);
    expect((await call('/v1/snapshots/no-such-id')).status).toBe(404);
    const bad = await call('/v1/forecasts?year=2023&asOf=2024-01-01');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ errors: [{ field: 'asOf', message: 'must be a date in 2023' }] });
  });
});
