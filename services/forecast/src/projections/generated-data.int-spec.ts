import { EVENT_TYPES, pseudonymiseCaseOpened, topicForType, validateEvents, type CaseOpenedInbound, type PublishedEvent } from '@ramprognos/contracts';
import { generateMunicipality } from '@ramprognos/generator';
import { CloudEventProducer, createKafka, ensureTopics } from '@ramprognos/messaging';
import { signLocalToken } from '@ramprognos/service-kit';
import {
  LOCAL_SECRETS,
  referenceActualsByKey,
  startPrivateKafka,
  startService,
  uniqueSchema,
  waitUntilHealthy,
  type PrivateKafka,
  type ReferenceEvent,
  type RunningService,
} from '@ramprognos/testing';
import { Client } from 'pg';
import { CONSUMED_TOPIC_SPECS } from './consumed-topics';

// At least 100,000 generated events — placements spanning years, rate changes, late registrations,
// out-of-order events, reversals and repayments — through Kafka into the service, which must
// agree to the öre with the reference calculator for several (asOf, knownAt).

const { events: generated } = generateMunicipality({ seed: 11, scale: 0.22 });
const CASES = [
  { year: 2023, asOf: '2023-08-31', knownAt: null },
  { year: 2023, asOf: '2023-08-31', knownAt: '2023-09-05T00:00:00Z' },
  { year: 2022, asOf: '2022-10-15', knownAt: '2022-10-20T00:00:00Z' },
  { year: 2021, asOf: '2021-12-31', knownAt: null },
] as const;

describe('forecast projections on a generated municipality', () => {
  const schema = uniqueSchema('forecast_gen');
  let kafka: PrivateKafka;
  let forecast: RunningService;
  let token: string;

  beforeAll(async () => {
    expect(generated.length).toBeGreaterThanOrEqual(100_000);
    kafka = await startPrivateKafka({ heap: '1g' });
    const client = createKafka({ clientId: 'forecast-gen-test', brokers: kafka.brokers, logLevel: 'nothing' });
    await ensureTopics(client, CONSUMED_TOPIC_SPECS);
    const validated = validateEvents(generated, { form: 'inbound' });
    if (!validated.ok) throw new Error(`generated events invalid: ${JSON.stringify(validated.errors.slice(0, 3))}`);
    const byTopic = new Map<string, PublishedEvent[]>();
    for (const e of validated.events) {
      const event = e.type === EVENT_TYPES.caseOpened ? pseudonymiseCaseOpened(e as CaseOpenedInbound, LOCAL_SECRETS.PSEUDONYM_KEY) : (e as PublishedEvent);
      const list = byTopic.get(topicForType(e.type)) ?? [];
      list.push(event);
      byTopic.set(topicForType(e.type), list);
    }
    const producer = new CloudEventProducer(client, { maxBatchSize: 2000 });
    await producer.connect();
    for (const [topic, list] of byTopic) await producer.publish(topic, list);
    await producer.disconnect();
    forecast = startService('forecast', {
      port: 3123,
      env: { KAFKA_BROKERS: kafka.brokers.join(','), DB_SCHEMA: schema, AUTH_JWT_SECRET: LOCAL_SECRETS.AUTH_JWT_SECRET, LOG_LEVEL: 'warn' },
    });
    await waitUntilHealthy(forecast);
    token = await signLocalToken(LOCAL_SECRETS.AUTH_JWT_SECRET, { subject: 'int-test', roles: ['service'] });
    const deadline = Date.now() + 240_000;
    for (;;) {
      const status = (await fetch(`${forecast.url}/v1/status`).then((r) => r.json())) as { caughtUp: boolean; eventsApplied: number };
      if (status.caughtUp && status.eventsApplied === generated.length) break;
      if (Date.now() > deadline) throw new Error(`not caught up: ${JSON.stringify(status)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 360_000);

  afterAll(async () => {
    await forecast?.stop();
    kafka?.destroy();
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    await db.query(`drop schema if exists ${schema} cascade`);
    await db.end();
  });

  it('holds nothing once every aggregate has arrived', async () => {
    const status = (await fetch(`${forecast.url}/v1/status`).then((r) => r.json())) as { held: Record<string, number> };
    expect(status.held).toEqual({ placementRateChanges: 0, placementEnds: 0, paymentReversals: 0 });
  });

  it.each(CASES.map((c) => [`${c.year} asOf ${c.asOf} knownAt ${c.knownAt ?? 'now'}`, c] as const))(
    'agrees to the öre with the reference: %s',
    async (_, c) => {
      const query = `year=${c.year}&asOf=${c.asOf}${c.knownAt ? `&knownAt=${c.knownAt}` : ''}`;
      const actual = (await fetch(`${forecast.url}/v1/actuals?${query}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json())) as {
        keys: { key: string; months: { month: string; amount: string; careDays: number }[] }[];
      };
      const reference = referenceActualsByKey({ events: generated as unknown as ReferenceEvent[], ...c });
      const flatten = (entries: [string, { month: string; amount: string; careDays: number }[]][]) =>
        Object.fromEntries(entries.flatMap(([key, months]) => months.filter((m) => m.amount !== '0' || m.careDays !== 0).map((m) => [`${key} ${m.month}`, `${m.amount} öre, ${m.careDays} d`])));
      const got = flatten(actual.keys.map((k) => [k.key, k.months]));
      const want = flatten(
        [...reference.entries()].map(([key, months]) => [
          key,
          months.map((m, i) => ({
            month: `${c.year}-${String(i + 1).padStart(2, '0')}`,
            amount: m.amountOre.toString(),
            careDays: key.startsWith('placements') ? m.volume : 0,
          })),
        ]),
      );
      expect(Object.keys(want).length).toBeGreaterThan(50);
      expect(got).toEqual(want);
    },
  );
});
