import type { NestExpressApplication } from '@nestjs/platform-express';
import { EVENT_TYPES, PERSON_REF_PATTERN, TOPICS, dlqTopic } from '@ramprognos/contracts';
import { GROUP_HEADER, IngestionRuntime, inboundGroupId } from '@ramprognos/ingestion';
import { createServiceApp, JsonLogger } from '@ramprognos/service-kit';
import { uniqueId, uniqueSchema } from '@ramprognos/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { loadIntakeConfig } from '../src/config';
import {
  captureStdout,
  countBy,
  eventually,
  findPersonnummer,
  idOf,
  produce,
  readTopic,
  sql,
  type TopicMessage,
} from '@ramprognos/testing';

// Real Kafka, real PostgreSQL, the real AppModule. Fresh schema, sources and ids per run; topics
// are shared, so messages are counted by id among those written since this suite started.

const run = uniqueId('intake').replace(/[^a-z0-9-]/g, '');
const LIFECARE = `urn:test:${run}:lifecare`;
const TRESERVA = `urn:test:${run}:treserva`;
const TOKEN = `lifecare-token-${run}`;
const OTHER_TOKEN = `treserva-token-${run}`;
const PERSONNUMMER = ['19121212-1212', '198004162387', '900101-0017', '200001012384'];

const schema = uniqueSchema('intake_int');
const since = Date.now() - 1000;
let app: NestExpressApplication;
let stdout: ReturnType<typeof captureStdout>;
const logLines: string[] = [];

const http = () => request(app.getHttpServer());
const post = (body: unknown, token = TOKEN) =>
  http()
    .post('/v1/events')
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);

let counter = 0;
function caseOpened(overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) {
  counter += 1;
  const caseId = `case-${run}-${counter}`;
  return {
    specversion: '1.0',
    id: `ev-${run}-${counter}`,
    source: LIFECARE,
    type: EVENT_TYPES.caseOpened,
    time: '2023-03-01T08:00:00Z',
    subject: caseId,
    datacontenttype: 'application/json',
    data: {
      caseId,
      householdId: `hh-${run}-${counter}`,
      caseType: 'EKONOMISKT_BISTAND',
      openedOn: '2023-03-01',
      ...data,
    },
    ...overrides,
  };
}

function placementStarted(overrides: Record<string, unknown> = {}) {
  counter += 1;
  const placementId = `pl-${run}-${counter}`;
  return {
    specversion: '1.0',
    id: `ev-${run}-${counter}`,
    source: LIFECARE,
    type: EVENT_TYPES.placementStarted,
    time: '2023-03-01T08:00:00Z',
    subject: placementId,
    data: {
      placementId,
      caseId: `case-${run}-x`,
      placementType: 'HVB',
      regi: 'EXTERN',
      targetGroup: 'BARN_UNGA',
      startDate: '2023-03-01',
      dailyRate: '4200.00',
    },
    ...overrides,
  };
}

/** The same object with its keys, at every level, in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}

async function storedIds(ids: readonly string[]): Promise<string[]> {
  const rows = await sql<{ id: string }>(`select id from "${schema}".event_store where id = any($1)`, [ids]);
  return rows.map((r) => r.id);
}

async function drained(): Promise<void> {
  await eventually(
    async () => (await http().get('/v1/status').expect(200)).body.outboxPending as number,
    (n) => n === 0,
    'the outbox to drain',
  );
}

function published(topic: string): TopicMessage[] {
  return readTopic(topic, since).filter((m) => (m.value ?? '').includes(run));
}

beforeAll(async () => {
  stdout = captureStdout();
  const config = loadIntakeConfig({
    ...process.env,
    DB_SCHEMA: schema,
    PSEUDONYM_KEY: `int-test-pseudonym-key-${run}-0123456789`,
    INGEST_TOKENS: `${TOKEN}=${LIFECARE},${OTHER_TOKEN}=${TRESERVA}`,
    INBOUND_START: 'latest',
  });
  app = await createServiceApp(AppModule.forRoot(config), {
    serviceName: 'intake',
    port: 0,
    listen: false,
    bodyLimit: '1mb',
    logger: new JsonLogger({ service: 'intake', level: 'debug', write: (line) => logLines.push(line) }),
  });
  await app.get(IngestionRuntime).ready();
});

afterAll(async () => {
  await app?.close();
  stdout?.restore();
  await sql(`drop schema if exists "${schema}" cascade`);
});

describe('POST /v1/events', () => {
  it('accepts a batch, answers per event, and publishes each event keyed by its subject', async () => {
    const events = [caseOpened({}, { personnummer: PERSONNUMMER[0] }), placementStarted(), caseOpened()];
    const res = await post(events).expect(202);
    expect(res.body).toEqual({
      accepted: 3,
      duplicates: 0,
      results: events.map((e) => ({ id: e.id, status: 'accepted' })),
    });
    await drained();
    const cases = published(TOPICS.cases).filter((m) => [events[0].id, events[2].id].includes(idOf(m) ?? ''));
    const placements = published(TOPICS.placements).filter((m) => idOf(m) === events[1].id);
    expect(cases).toHaveLength(2);
    expect(placements).toHaveLength(1);
    for (const message of [...cases, ...placements]) {
      const value = JSON.parse(message.value ?? '{}');
      expect(message.key).toBe(value.subject);
      expect(message.headers['content-type']).toBe('application/cloudevents+json; charset=UTF-8');
    }
    const opened = JSON.parse(cases.find((m) => idOf(m) === events[0].id)?.value ?? '{}');
    expect(opened.data.personRef).toMatch(PERSON_REF_PATTERN);
    expect(opened.data.personnummer).toBeUndefined();
  });

  it('takes one event as well as an array', async () => {
    const event = caseOpened();
    const res = await post(event).expect(202);
    expect(res.body).toEqual({ accepted: 1, duplicates: 0, results: [{ id: event.id, status: 'accepted' }] });
  });

  it('rejects a request with any invalid event whole, with field errors, applying nothing', async () => {
    const good = caseOpened();
    const bad = placementStarted();
    (bad.data as Record<string, unknown>).dailyRate = '4200.005';
    const alsoBad = caseOpened({}, { openedOn: '2023-02-30', personnummer: '19121212-1213' });
    const res = await post([good, bad, alsoBad]).expect(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, id: bad.id, field: 'data.dailyRate' }),
        expect.objectContaining({ index: 2, id: alsoBad.id, field: 'data.openedOn' }),
        expect.objectContaining({
          index: 2,
          id: alsoBad.id,
          field: 'data.personnummer',
          message: 'fails the check digit',
        }),
      ]),
    );
    expect(JSON.stringify(res.body)).not.toContain('1213');
    expect(await storedIds([good.id, bad.id, alsoBad.id])).toEqual([]);
  });

  it('acknowledges a repeated event as a duplicate and publishes it once', async () => {
    const events = [caseOpened({}, { personnummer: PERSONNUMMER[1] }), placementStarted()];
    await post(events).expect(202);
    // Key order and a defaulted datacontenttype do not make an event different.
    const again = events.map((e) => reversedKeys(e)) as Record<string, unknown>[];
    delete again[0].datacontenttype;
    const res = await post(again).expect(202);
    expect(res.body).toEqual({
      accepted: 0,
      duplicates: 2,
      results: events.map((e) => ({ id: e.id, status: 'duplicate' })),
    });
    // Within one request too: the second copy is a duplicate of the first.
    const twice = caseOpened();
    expect(
      (await post([twice, twice]).expect(202)).body.results.map((r: { status: string }) => r.status),
    ).toEqual(['accepted', 'duplicate']);
    await drained();
    const ids = [...events.map((e) => e.id), twice.id];
    const counts = countBy([...published(TOPICS.cases), ...published(TOPICS.placements)], idOf);
    expect(ids.map((id) => counts.get(id))).toEqual([1, 1, 1]);
  });

  it('answers 409 when a (source, id) comes back with other content, and applies nothing of that request', async () => {
    const original = caseOpened();
    await post(original).expect(202);
    const fresh = caseOpened();
    const changed = { ...original, data: { ...original.data, caseType: 'VUXEN' } };
    const res = await post([fresh, changed]).expect(409);
    expect(res.body.errors).toEqual([expect.objectContaining({ index: 1, id: original.id, field: 'id' })]);
    expect(await storedIds([fresh.id])).toEqual([]);
    const [row] = await sql<{ payload: { data: { caseType: string } } }>(
      `select payload from "${schema}".event_store where id = $1`,
      [original.id],
    );
    expect(row.payload.data.caseType).toBe('EKONOMISKT_BISTAND');
  });

  it("refuses (403) a token writing another system's source, and logs it without the payload", async () => {
    const spoofed = caseOpened({ source: TRESERVA }, { personnummer: PERSONNUMMER[2] });
    const res = await post([caseOpened(), spoofed]).expect(403);
    expect(res.body.errors[0]).toMatchObject({ field: 'source' });
    expect(await storedIds([spoofed.id])).toEqual([]);
    const line = logLines.find((l) => l.includes('the token may not write these sources'));
    expect(line).toBeDefined();
    expect(JSON.parse(line ?? '{}')).toMatchObject({ level: 'warn', refusedSources: [TRESERVA], events: 2 });
    expect(line).not.toContain(spoofed.subject);
    expect(line).not.toContain(TOKEN);
  });

  it('refuses a missing or unknown token with 401', async () => {
    await http().post('/v1/events').send(caseOpened()).expect(401);
    const res = await post(caseOpened(), 'not-a-token').expect(401);
    expect(res.body.errors[0]).toMatchObject({ field: 'authorization', message: 'the token is not valid' });
  });

  it("refuses payments' types, naming the service that takes them", async () => {
    const payment = {
      ...caseOpened(),
      type: EVENT_TYPES.ledgerPosted,
      data: { postingId: 'p1', bookedOn: '2023-01-01', account: '4560', amount: '1.00' },
      subject: 'p1',
    };
    const res = await post([payment]).expect(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        index: 0,
        field: 'type',
        message: expect.stringContaining('payments service (POST :3002/v1/events)'),
      }),
    ]);
  });

  it('answers 413 to a body over the limit or a batch over 10,000 events, and 400/415 to what is not a JSON body', async () => {
    const big = await post(
      [caseOpened({}, { unit: 'x'.repeat(900) })].concat(
        Array.from({ length: 1200 }, () => caseOpened({}, { unit: 'x'.repeat(900) })),
      ),
    ).expect(413);
    expect(big.body.errors[0]).toMatchObject({ field: 'body', message: 'request body larger than 1mb' });
    const many = await post(Array.from({ length: 10_001 }, () => ({}))).expect(413);
    expect(many.body.errors[0].message).toContain('at most 10000');
    await http()
      .post('/v1/events')
      .set('Authorization', `Bearer ${TOKEN}`)
      .set('Content-Type', 'application/json')
      .send('{"a":')
      .expect(400);
    await http()
      .post('/v1/events')
      .set('Authorization', `Bearer ${TOKEN}`)
      .set('Content-Type', 'text/plain')
      .send('hello')
      .expect(415);
    await post([]).expect(422);
  });

  it('serves the OpenAPI schema of the endpoint and the status', async () => {
    const docs = (await http().get('/docs-json').expect(200)).body;
    const body = docs.paths['/v1/events'].post.requestBody.content['application/json'].schema;
    expect(JSON.stringify(body)).toContain(EVENT_TYPES.placementEnded);
    expect(JSON.stringify(body)).not.toContain(EVENT_TYPES.ledgerPosted);
    expect(Object.keys(docs.paths['/v1/events'].post.responses)).toEqual(
      expect.arrayContaining(['202', '400', '401', '403', '409', '413', '415', '422']),
    );
    expect(docs.paths['/v1/status'].get.responses['200']).toBeDefined();
  });
});

describe('socialtjanst.inbound.v1', () => {
  it('takes its own valid events, skips payments types, and dead-letters what it answers for but cannot take', async () => {
    const own = caseOpened({}, { personnummer: PERSONNUMMER[3] });
    const invalid = caseOpened({}, { openedOn: '2023-13-01', personnummer: PERSONNUMMER[0] });
    const unknown = { ...caseOpened(), type: 'se.socialtjanst.case.reopened.v1' };
    counter += 1;
    const paymentsType = {
      specversion: '1.0',
      id: `ev-${run}-${counter}`,
      source: LIFECARE,
      type: EVENT_TYPES.ledgerPosted,
      time: '2023-03-01T08:00:00Z',
      subject: `post-${run}`,
      data: { postingId: `post-${run}`, bookedOn: '2023-03-01', account: '4560', amount: '10.00' },
    };
    const notJsonKey = `garbage-${run}`;
    produce(TOPICS.inbound, [
      { key: own.subject, value: JSON.stringify(own) },
      { key: invalid.subject, value: JSON.stringify(invalid) },
      { key: unknown.subject, value: JSON.stringify(unknown) },
      { key: paymentsType.subject, value: JSON.stringify(paymentsType) },
      { key: notJsonKey, value: `not json ${run}` },
    ]);
    await eventually(
      () => storedIds([own.id]),
      (ids) => ids.length === 1,
      'the own event to be stored',
    );
    // Other intake instances (other tests, other groups) may dead-letter the same messages: ours
    // are the copies our group wrote.
    const ours = () =>
      readTopic(dlqTopic(TOPICS.inbound), since).filter(
        (m) => (m.value ?? '').includes(run) && m.headers[GROUP_HEADER] === inboundGroupId(schema),
      );
    const dlq = await eventually(ours, (messages) => messages.length >= 3, 'three dead letters');
    await drained();
    await new Promise((resolve) => setTimeout(resolve, 1500)); // room for a (wrong) second copy
    const letters = ours();
    expect(countBy(letters, (m) => m.key ?? undefined)).toEqual(
      new Map([
        [invalid.subject, 1],
        [unknown.subject, 1],
        [notJsonKey, 1],
      ]),
    );
    const reasonOf = (key: string) => letters.find((m) => m.key === key)?.headers['x-dlq-reason'];
    expect(reasonOf(invalid.subject)).toMatch(/^invalid event: data\.openedOn: /);
    expect(reasonOf(unknown.subject)).toMatch(/^invalid event: type: is not a known event type/);
    expect(reasonOf(notJsonKey)).toBe('invalid event: value: is not valid JSON');
    expect(letters.find((m) => m.key === invalid.subject)?.headers['x-dlq-masked']).toBe('personnummer');
    expect(dlq.length).toBeGreaterThanOrEqual(3);

    expect(await storedIds([paymentsType.id, invalid.id, unknown.id])).toEqual([]);
    const queued = await sql<{ n: number }>(
      `select count(*)::int as n from "${schema}".outbox where event_id = $1 and published_at is not null`,
      [own.id],
    );
    expect(queued[0].n).toBe(1);
    // Other intake instances (other suites, other groups) may publish copies of the same inbound
    // event: on the topic it is there at least once, pseudonymised.
    const opened = published(TOPICS.cases).filter((m) => idOf(m) === own.id);
    expect(opened.length).toBeGreaterThanOrEqual(1);
    for (const m of opened) expect(JSON.parse(m.value ?? '{}').data.personRef).toMatch(PERSON_REF_PATTERN);
  });
});

describe('personnummer', () => {
  it('is nowhere: not on the topics, not in the tables, not in the logs', async () => {
    await drained();
    const topics = [TOPICS.cases, TOPICS.placements, dlqTopic(TOPICS.inbound)].flatMap((t) => published(t));
    expect(topics.length).toBeGreaterThan(5);
    const tables = await sql<{ row: string }>(
      `select t::text as row from "${schema}".event_store t union all select o::text from "${schema}".outbox o`,
    );
    expect(tables.length).toBeGreaterThan(10);
    const logs = [...logLines, ...stdout.lines];
    expect(logs.some((l) => l.includes('inbound message dead-lettered'))).toBe(true);

    expect(
      topics.flatMap((m) => findPersonnummer(`${m.key} ${m.value} ${JSON.stringify(m.headers)}`)),
    ).toEqual([]);
    expect(tables.flatMap((r) => findPersonnummer(r.row))).toEqual([]);
    expect(logs.flatMap((l) => findPersonnummer(l))).toEqual([]);
    // The scanner itself finds what it must.
    expect(PERSONNUMMER.flatMap((p) => findPersonnummer(`x ${p} y`))).toEqual(PERSONNUMMER);
  });
});
