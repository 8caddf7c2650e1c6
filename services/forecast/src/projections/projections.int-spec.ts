import { EVENT_TYPES, pseudonymiseCaseOpened, validateEvents, type CaseOpenedInbound, type PublishedEvent } from '@ramprognos/contracts';
import { CloudEventProducer, createKafka, ensureTopics } from '@ramprognos/messaging';
import { signLocalToken } from '@ramprognos/service-kit';
import {
  LOCAL_SECRETS,
  loadExampleFixtures,
  referenceActualsByKey,
  startPrivateKafka,
  startService,
  uniqueSchema,
  waitUntilHealthy,
  type PrivateKafka,
  type RunningService,
} from '@ramprognos/testing';
import { Client } from 'pg';
import { CONSUMED_TOPIC_SPECS } from './consumed-topics';

// The projections against the real broker and database, with the forecast service as processes
// (compiled tree): exact to the öre against the reference calculator for several (asOf, knownAt),
// with every event delivered more than once, two instances in one group, an instance SIGKILLed
// while applying, and a rebuild from offset 0 that must equal the incremental result.

const CASES = [
  { year: 2023, asOf: '2023-08-31', knownAt: null },
  { year: 2023, asOf: '2023-08-31', knownAt: '2023-09-01T00:00:00Z' },
  { year: 2023, asOf: '2023-04-30', knownAt: '2023-05-03T12:00:00Z' },
  { year: 2022, asOf: '2022-12-31', knownAt: null },
  { year: 2021, asOf: '2021-06-30', knownAt: '2021-07-15T00:00:00Z' },
] as const;

const fixtures = loadExampleFixtures();

function publishedForm(): PublishedEvent[] {
  const validated = validateEvents(fixtures.events, { form: 'inbound' });
  if (!validated.ok) throw new Error(`example events invalid: ${JSON.stringify(validated.errors.slice(0, 3))}`);
  return validated.events.map((e) =>
    e.type === EVENT_TYPES.caseOpened ? pseudonymiseCaseOpened(e as CaseOpenedInbound, LOCAL_SECRETS.PSEUDONYM_KEY) : (e as PublishedEvent),
  );
}

describe('forecast projections (real Kafka, PostgreSQL, service processes)', () => {
  const schema = uniqueSchema('forecast_proj');
  let kafka: PrivateKafka;
  let producer: CloudEventProducer;
  const instances: RunningService[] = [];
  let token: string;
  const events = publishedForm();

  const env = () => ({
    KAFKA_BROKERS: kafka.brokers.join(','),
    DB_SCHEMA: schema,
    AUTH_JWT_SECRET: LOCAL_SECRETS.AUTH_JWT_SECRET,
    LOG_LEVEL: 'warn',
  });

  async function startInstance(port: number): Promise<RunningService> {
    const instance = startService('forecast', { port, env: env() });
    await waitUntilHealthy(instance);
    return instance;
  }

  async function get(path: string, instance = instances[0]): Promise<Record<string, unknown>> {
    const response = await fetch(`${instance.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  }

  async function waitCaughtUp(distinctEvents: number, instance = instances[0], timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: Record<string, unknown> = {};
    while (Date.now() < deadline) {
      last = await get('/v1/status', instance).catch(() => ({}));
      if (last.caughtUp === true && last.eventsApplied === distinctEvents) return;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`not caught up: ${JSON.stringify(last)}`);
  }

  async function publish(batch: readonly PublishedEvent[]): Promise<void> {
    const byTopic = new Map<string, PublishedEvent[]>();
    for (const e of batch) {
      const topic = e.type.includes('.case.') ? 'socialtjanst.cases.v1' : e.type.includes('.placement.') ? 'socialtjanst.placements.v1' : e.type.includes('.ledger.') ? 'socialtjanst.ledger.v1' : 'socialtjanst.payments.v1';
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), e]);
    }
    for (const [topic, list] of byTopic) await producer.publish(topic, list);
  }

  /** Every key and month of the service's answer equals the reference, and no key is missing. */
  async function expectExact(c: (typeof CASES)[number]): Promise<void> {
    const query = `year=${c.year}&asOf=${c.asOf}${c.knownAt ? `&knownAt=${c.knownAt}` : ''}`;
    const actual = (await get(`/v1/actuals?${query}`)) as { keys: { key: string; months: { month: string; amount: string; careDays: number }[] }[] };
    const reference = referenceActualsByKey({ events: fixtures.events, ...c });
    const got = new Map(actual.keys.map((k) => [k.key, k.months]));
    const want = [...reference.entries()].filter(([, months]) => months.some((m) => m.amountOre !== 0n || m.volume !== 0));
    for (const [key, months] of want) {
      const gotMonths = new Map((got.get(key) ?? []).map((m) => [m.month, m]));
      months.forEach((m, i) => {
        const month = `${c.year}-${String(i + 1).padStart(2, '0')}`;
        const g = gotMonths.get(month);
        expect({ key, month, amount: g?.amount ?? '0', careDays: key.startsWith('placements') ? (g?.careDays ?? 0) : 0 }).toEqual({
          key,
          month,
          amount: m.amountOre.toString(),
          careDays: key.startsWith('placements') ? m.volume : 0,
        });
      });
    }
    for (const key of got.keys()) expect(want.map(([k]) => k)).toContain(key);

    const categoryKeys = want.map(([k]) => k).filter((k) => k.startsWith('payments|category='));
    const households = (await fetch(`${instances[0].url}/v1/queries/households`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...c, knownAt: c.knownAt ?? undefined, groups: Object.fromEntries(categoryKeys.map((k) => [k, [k]])) }),
    }).then((r) => r.json())) as { groups: Record<string, { month: string; households: number }[]> };
    for (const key of categoryKeys) {
      const byMonth = new Map(households.groups[key].map((m) => [m.month, m.households]));
      const expected = (reference.get(key) ?? []).map((m) => m.volume);
      expect({ key, households: expected.map((_, i) => byMonth.get(`${c.year}-${String(i + 1).padStart(2, '0')}`) ?? 0) }).toEqual({ key, households: expected });
    }
  }

  beforeAll(async () => {
    kafka = await startPrivateKafka();
    const client = createKafka({ clientId: 'forecast-int-test', brokers: kafka.brokers, logLevel: 'nothing' });
    await ensureTopics(client, CONSUMED_TOPIC_SPECS);
    producer = new CloudEventProducer(client);
    await producer.connect();
    token = await signLocalToken(LOCAL_SECRETS.AUTH_JWT_SECRET, { subject: 'int-test', roles: ['admin'] });
  });

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await producer?.disconnect();
    kafka?.destroy();
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    await db.query(`drop schema if exists ${schema} cascade`);
    await db.end();
  });

  it('applies every event once although each is delivered two or three times, with two instances sharing the partitions', async () => {
    const firstPart = events.slice(0, Math.floor(events.length * 0.6));
    await publish(firstPart);
    await publish(firstPart.filter((_, i) => i % 2 === 0)); // a second (and for some a third) delivery
    instances.push(await startInstance(3103), await startInstance(3113));
    await publish(firstPart.filter((_, i) => i % 3 === 0));
    await waitCaughtUp(firstPart.length);
    const knownAt = new Date().toISOString();
    const [a, b] = await Promise.all(instances.map((i) => get(`/v1/actuals?year=2022&asOf=2022-12-31&knownAt=${knownAt}`, i)));
    expect((a.keys as unknown[]).length).toBeGreaterThan(10);
    expect(b).toEqual(a);
  });

  it('gives identical results after an instance is SIGKILLed while applying and restarted', async () => {
    const rest = events.slice(Math.floor(events.length * 0.6));
    const publishing = publish(rest);
    await new Promise((r) => setTimeout(r, 150));
    instances[0].child.kill('SIGKILL');
    await publishing;
    await publish(rest.filter((_, i) => i % 2 === 1));
    instances[0] = await startInstance(3103);
    await waitCaughtUp(events.length);
    for (const c of CASES) await expectExact(c);
  });

  it('answers the placements in care on asOf, with their rate that day, and the case counts', async () => {
    const asOf = '2023-08-31';
    const d = (e: (typeof fixtures.events)[number]) => e.data as Record<string, string>;
    const started = new Map(fixtures.events.filter((e) => e.type === EVENT_TYPES.placementStarted).map((e) => [d(e).placementId, e]));
    const lastEnd = new Map<string, { endDate: string; time: string }>();
    const rates = new Map<string, { effectiveFrom: string; time: string; rate: string }[]>();
    for (const e of fixtures.events) {
      if (e.type === EVENT_TYPES.placementEnded) {
        const current = lastEnd.get(d(e).placementId);
        if (!current || e.time >= current.time) lastEnd.set(d(e).placementId, { endDate: d(e).endDate, time: e.time });
      }
      if (e.type === EVENT_TYPES.placementRateChanged) {
        rates.set(d(e).placementId, [...(rates.get(d(e).placementId) ?? []), { effectiveFrom: d(e).effectiveFrom, time: e.time, rate: d(e).dailyRate }]);
      }
    }
    const expected = [...started.entries()]
      .filter(([id, e]) => d(e).startDate <= asOf && (lastEnd.get(id)?.endDate ?? '9999') >= asOf)
      .map(([id, e]) => {
        const inForce = (rates.get(id) ?? [])
          .filter((r) => r.effectiveFrom <= asOf)
          .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.time.localeCompare(b.time))
          .pop();
        return { placementId: id, dailyRateOre: (inForce?.rate ?? d(e).dailyRate).replace('.', '').replace(/^0+(?=\d)/, '') };
      })
      .sort((a, b) => a.placementId.localeCompare(b.placementId));
    const active = (await get(`/v1/placements/active?year=2023&asOf=${asOf}`)) as { placements: { placementId: string; dailyRateOre: string }[] };
    expect(expected.length).toBeGreaterThan(5);
    expect(active.placements.map(({ placementId, dailyRateOre }) => ({ placementId, dailyRateOre }))).toEqual(expected);

    const counts = (await get(`/v1/case-counts?year=2023&asOf=${asOf}`)) as { months: { month: string; counts: Record<string, number> }[] };
    const opened = new Map<string, number>();
    for (const e of fixtures.events) {
      if (e.type === EVENT_TYPES.caseOpened && d(e).openedOn >= '2023-01-01' && d(e).openedOn <= asOf) {
        const key = `${d(e).openedOn.slice(0, 7)} opened.${d(e).caseType}`;
        opened.set(key, (opened.get(key) ?? 0) + 1);
      }
    }
    const got = Object.fromEntries(counts.months.flatMap((m) => Object.entries(m.counts).filter(([k]) => k.startsWith('opened.')).map(([k, n]) => [`${m.month} ${k}`, n])));
    expect(opened.size).toBeGreaterThan(3);
    expect(got).toEqual(Object.fromEntries(opened));
  });

  it('rebuilds from offset 0 into a new generation and switches to an identical projection', async () => {
    const now = new Date().toISOString();
    const actuals = () => Promise.all(CASES.map((c) => get(`/v1/actuals?year=${c.year}&asOf=${c.asOf}&knownAt=${c.knownAt ?? now}`)));
    const before = await actuals();
    const started = await fetch(`${instances[0].url}/v1/admin/rebuild`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(started.status).toBe(202);
    const { generation } = (await started.json()) as { generation: number };
    expect(generation).toBe(2);
    const deadline = Date.now() + 90_000;
    let progress: Record<string, unknown> = {};
    while (Date.now() < deadline) {
      progress = await get('/v1/admin/rebuild');
      if (progress.state === 'switched') break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(progress).toMatchObject({ generation: 2, state: 'switched', percent: 100, eventsApplied: events.length });
    const status = await get('/v1/status');
    expect(status).toMatchObject({ generation: 2, eventsApplied: events.length });
    expect(await actuals()).toEqual(before);
  });

  it('dead-letters a poison message with its reason and keeps applying the partition', async () => {
    const client = createKafka({ clientId: 'forecast-int-poison', brokers: kafka.brokers, logLevel: 'nothing' });
    const raw = client.producer();
    await raw.connect();
    const valid = events.find((e) => e.type === EVENT_TYPES.ledgerPosted) as PublishedEvent;
    const later = { ...valid, id: `${valid.id}-after-poison`, subject: `${valid.subject}-X`, data: { ...valid.data, postingId: `${valid.subject}-X` } };
    await raw.send({ topic: 'socialtjanst.ledger.v1', messages: [{ key: valid.subject, value: '{"specversion":"1.0", not json' }] });
    await raw.disconnect();
    await publish([later as PublishedEvent]);
    await waitCaughtUp(events.length + 1);
    // Dead-lettering is at least once, and a consumer of the retired generation may still have
    // taken the message during the switch: the DLQ holds it once or twice, never zero times.
    const status = (await get('/v1/status')) as { caughtUp: boolean; deadLettered: number };
    expect(status.caughtUp).toBe(true);
    expect(status.deadLettered).toBeGreaterThanOrEqual(1);
    const metrics = await fetch(`${instances[0].url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(new RegExp(`^forecast_events_dead_lettered({[^}]*})? ${status.deadLettered}$`, 'm'));
    expect(metrics).toMatch(/^forecast_consumer_lag_messages({[^}]*})? 0$/m);
  });

  it('refuses the query API and rebuild without a valid token of the right role', async () => {
    const url = instances[0].url;
    expect((await fetch(`${url}/v1/actuals?year=2023&asOf=2023-08-31`)).status).toBe(401);
    const ekonom = await signLocalToken(LOCAL_SECRETS.AUTH_JWT_SECRET, { subject: 'e', roles: ['ekonom'] });
    expect((await fetch(`${url}/v1/admin/rebuild`, { method: 'POST', headers: { authorization: `Bearer ${ekonom}` } })).status).toBe(403);
    expect((await fetch(`${url}/v1/actuals?year=2023&asOf=2023-08-31`, { headers: { authorization: `Bearer ${ekonom}` } })).status).toBe(403);
    const service = await signLocalToken(LOCAL_SECRETS.AUTH_JWT_SECRET, { subject: 'reporting', roles: ['service'] });
    const bad = await fetch(`${url}/v1/actuals?year=2023&asOf=2024-01-01`, { headers: { authorization: `Bearer ${service}` } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ errors: [{ field: 'asOf', message: 'must be a date in 2023' }] });
  });
});
