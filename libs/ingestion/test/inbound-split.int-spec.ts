import { EVENT_TYPES, TOPICS, dlqTopic, pseudonymiseCaseOpened } from '@ramprognos/contracts';
import { CONFLICT_REASON, GROUP_HEADER, inboundGroupId, ingestionSpec, type IngestionRuntime } from '../src';
import {
  eventually,
  freshDatabase,
  idOf,
  produce,
  readTopic,
  sql,
  startRuntime,
  uniqueId,
  type TopicMessage,
} from './harness';

// Both services' inbound consumers on the one inbound topic, each with its own group, as in
// production: every message is stored or dead-lettered by exactly one of them.

const run = uniqueId('split');
const SOURCE = `urn:test:${run}`;
const since = Date.now() - 1000;
let intake: { runtime: IngestionRuntime; db: Awaited<ReturnType<typeof freshDatabase>> };
let payments: { runtime: IngestionRuntime; db: Awaited<ReturnType<typeof freshDatabase>> };

beforeAll(async () => {
  const [intakeDb, paymentsDb] = await Promise.all([
    freshDatabase('ingestion_intake'),
    freshDatabase('ingestion_payments'),
  ]);
  const [intakeRuntime, paymentsRuntime] = await Promise.all([
    startRuntime(intakeDb.dataSource, {
      spec: ingestionSpec('intake', (e) =>
        e.type === EVENT_TYPES.caseOpened
          ? pseudonymiseCaseOpened(e, 'split-test-key-0123456789abcdef0123')
          : e,
      ),
      schema: intakeDb.schema,
      inboundStart: 'latest',
    }),
    startRuntime(paymentsDb.dataSource, {
      spec: ingestionSpec('payments'),
      schema: paymentsDb.schema,
      inboundStart: 'latest',
    }),
  ]);
  intake = { runtime: intakeRuntime, db: intakeDb };
  payments = { runtime: paymentsRuntime, db: paymentsDb };
});

afterAll(async () => {
  await Promise.all([
    intake?.runtime.beforeApplicationShutdown(),
    payments?.runtime.beforeApplicationShutdown(),
  ]);
  await Promise.all([intake?.db.drop(), payments?.db.drop()]);
});

let n = 0;
function event(type: string, subject: string, data: Record<string, unknown>, id = `${run}-${++n}`) {
  return { specversion: '1.0', id, source: SOURCE, type, time: '2023-05-01T00:00:00Z', subject, data };
}

const k = (name: string) => `${run}-${name}`;
const closed = event(EVENT_TYPES.caseClosed, k('case'), {
  caseId: k('case'),
  closedOn: '2023-05-01',
  reason: 'ARBETE',
});
const posted = event(EVENT_TYPES.ledgerPosted, k('posting'), {
  postingId: k('posting'),
  bookedOn: '2023-05-01',
  account: '4560',
  amount: '-10.00',
});
const aterkravWithoutAmount = event(EVENT_TYPES.caseDecided, k('decided'), {
  caseId: k('decided'),
  decisionId: 'd1',
  decisionType: 'ATERKRAV',
  decidedOn: '2023-05-01',
});
const badSum = event(EVENT_TYPES.paymentDisbursed, k('badsum'), {
  paymentId: 'p1',
  caseId: 'c1',
  householdId: k('badsum'),
  paidOn: '2023-05-01',
  benefitMonth: '2023-05',
  amount: '10.00',
  components: [{ category: 'BOENDE', amount: '9.00' }],
});
const unknown = event('se.socialtjanst.case.reopened.v1', k('unknown'), { caseId: 'x' });
const forecast = event(EVENT_TYPES.forecastPublished, k('forecast'), {});
const conflictFirst = event(EVENT_TYPES.ledgerPosted, k('conflict'), {
  postingId: k('conflict'),
  bookedOn: '2023-05-01',
  account: '1',
  amount: '1.00',
});
const conflictSecond = { ...conflictFirst, data: { ...conflictFirst.data, amount: '2.00' } };
const duplicate = event(EVENT_TYPES.ledgerPosted, k('dup'), {
  postingId: k('dup'),
  bookedOn: '2023-05-01',
  account: '1',
  amount: '1.00',
});

const json = (e: object) => JSON.stringify(e);

it('stores each valid event in its owner only, and dead-letters every other message exactly once, by the service that answers for it', async () => {
  produce(TOPICS.inbound, [
    { key: closed.subject, value: json(closed) },
    { key: posted.subject, value: json(posted) },
    { key: aterkravWithoutAmount.subject, value: json(aterkravWithoutAmount) },
    { key: badSum.subject, value: json(badSum) },
    { key: unknown.subject, value: json(unknown) },
    { key: forecast.subject, value: json(forecast) },
    { key: k('notjson'), value: `{"type": "${EVENT_TYPES.ledgerPosted}", ${run}` },
    { key: k('array'), value: json([posted]) },
    { key: k('wrongkey'), value: json({ ...posted, id: `${run}-wrongkey` }) },
    { key: conflictFirst.subject, value: json(conflictFirst) },
    { key: conflictSecond.subject, value: json(conflictSecond) },
    { key: duplicate.subject, value: json(duplicate) },
    { key: duplicate.subject, value: json(duplicate) },
  ]);
  // Binary content mode: attributes in ce_ headers; refused, by the service its ce_type names.
  produce(
    TOPICS.inbound,
    [{ key: k('binary'), value: json({ ...posted.data, run }) }],
    ['ce_specversion=1.0', `ce_type=${EVENT_TYPES.ledgerPosted}`, `ce_id=${run}-binary`],
  );

  const groups = {
    [inboundGroupId(intake.db.schema)]: 'intake',
    [inboundGroupId(payments.db.schema)]: 'payments',
  };
  const letters = () =>
    readTopic(dlqTopic(TOPICS.inbound), since).filter(
      (m) => (m.key ?? '').startsWith(run) && groups[m.headers[GROUP_HEADER]],
    );
  const expected: Record<string, string> = {
    [aterkravWithoutAmount.subject]: 'intake',
    [unknown.subject]: 'intake',
    [forecast.subject]: 'intake',
    [k('notjson')]: 'intake',
    [k('array')]: 'intake',
    [badSum.subject]: 'payments',
    [k('wrongkey')]: 'payments',
    [k('binary')]: 'payments',
    [conflictSecond.subject]: 'payments',
  };
  await eventually(letters, (m) => m.length >= Object.keys(expected).length, 'every dead letter', 30_000);
  await eventually(
    () => storedIds(payments),
    (ids) => ids.length === 3,
    'the payments events',
  );
  await new Promise((resolve) => setTimeout(resolve, 2000)); // room for a (wrong) second copy
  const dead = letters();
  const by = (m: TopicMessage) => `${m.key} by ${groups[m.headers[GROUP_HEADER]]}`;
  expect(dead.map(by).sort()).toEqual(
    Object.entries(expected)
      .map(([key, service]) => `${key} by ${service}`)
      .sort(),
  );

  const reason = (key: string) => dead.find((m) => m.key === key)?.headers['x-dlq-reason'];
  expect(reason(aterkravWithoutAmount.subject)).toContain('data.amount: is required');
  expect(reason(badSum.subject)).toContain('data.components');
  expect(reason(forecast.subject)).toContain('published by the forecast service');
  expect(reason(k('array'))).toContain('batches are not supported');
  expect(reason(k('wrongkey'))).toContain("key: must equal the event's subject");
  expect(reason(k('binary'))).toContain('binary content mode is not supported');
  expect(reason(conflictSecond.subject)).toBe(CONFLICT_REASON);
  // The DLQ copy is the original message plus headers: replayable as it is.
  expect(dead.find((m) => m.key === badSum.subject)?.value).toBe(json(badSum));

  expect(await storedIds(intake)).toEqual([closed.id]);
  expect((await storedIds(payments)).sort()).toEqual([conflictFirst.id, duplicate.id, posted.id].sort());
  const [stored] = await sql<{ amount: string }>(
    `select payload->'data'->>'amount' as amount from "${payments.db.schema}".event_store where id = $1`,
    [conflictFirst.id],
  );
  expect(stored.amount).toBe('1.00');

  await eventually(
    () => payments.runtime.ingestion.outboxPending(),
    (p) => p === 0,
    'the payments outbox to drain',
  );
  const expectedIds = [conflictFirst.id, duplicate.id, posted.id].sort();
  const queued = await sql<{ event_id: string; published: boolean }>(
    `select event_id, published_at is not null as published from "${payments.db.schema}".outbox order by event_id`,
  );
  expect(queued).toEqual(expectedIds.map((id) => ({ event_id: id, published: true })));
  // Other ingesting instances running meanwhile (other suites, other groups) may publish their own
  // copies of these inbound events: on the topic, each is there at least once.
  const ledger = new Set(readTopic(TOPICS.ledger, since).map(idOf));
  expect(expectedIds.filter((id) => !ledger.has(id))).toEqual([]);
});

async function storedIds(service: typeof intake): Promise<string[]> {
  const rows = await sql<{ id: string }>(
    `select id from "${service.db.schema}".event_store where source = $1`,
    [SOURCE],
  );
  return rows.map((r) => r.id);
}
