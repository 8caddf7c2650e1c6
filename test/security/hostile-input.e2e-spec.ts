import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { localJwt } from '../../libs/testing/src/chaos';
import {
  INGEST,
  call,
  encodeBytes,
  ingestedRows,
  outboxesDrained,
  startSecuritySystem,
  topicEnds,
  validEvents,
  type Reply,
  type SecuritySystem,
} from './support';

/*
 * Hostile input at the public ways in (issue 9, part 2), over HTTP against the real services:
 * malformed and adversarial CloudEvents and ledger CSV, property-based (fast-check). For every
 * request: no 5xx; a rejection names the field (and the event or row); nothing of a rejected
 * request is applied (event store and outbox row counts, and the published topics, unchanged).
 * Then the query parameters of every reporting and forecast route, fuzzed: no 5xx, and no value
 * of them reaches PostgreSQL inside SQL text (the server logs every statement it receives).
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const PUBLISHED = [
  'socialtjanst.cases.v1',
  'socialtjanst.placements.v1',
  'socialtjanst.payments.v1',
  'socialtjanst.ledger.v1',
];
const MARKER = 'Zq9Xw'; // in every injection payload; must never appear in SQL text

let s: SecuritySystem;
let serial = 0;
const fresh = (tag: string) => `hx${Date.now().toString(36)}${(serial++).toString(36)}-${tag}`;

beforeAll(async () => {
  s = await startSecuritySystem('hostile-input');
}, 300_000);

afterAll(async () => {
  await s?.stop();
});

// ---------------------------------------------------------------- what a rejection must look like

interface ErrorItem {
  index?: number;
  field?: string;
  message?: string;
  row?: number;
  column?: string;
}

function errorsOf(reply: Reply): ErrorItem[] {
  const body = reply.json as { errors?: unknown } | undefined;
  return Array.isArray(body?.errors) ? (body.errors as ErrorItem[]) : [];
}

/** No 5xx, a JSON body of errors each with a message, and no stack trace or echo of the input. */
function expectCleanRejection(reply: Reply, what: string): void {
  expect({ what, status: reply.status, serverError: reply.status >= 500 }).toEqual({
    what,
    status: reply.status,
    serverError: false,
  });
  expect(reply.status).toBeGreaterThanOrEqual(400);
  const errors = errorsOf(reply);
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) expect(typeof e.message).toBe('string');
  expect(reply.text).not.toMatch(/\bat .+\.js:\d+/); // no stack trace
}

async function expectNothingApplied<T>(send: () => Promise<T>): Promise<T> {
  await outboxesDrained(s); // what earlier requests accepted is on the topics before the count
  const [rows, ends] = await Promise.all([ingestedRows(s), topicEnds(s.kafka, PUBLISHED)]);
  const result = await send();
  expect(await ingestedRows(s)).toEqual(rows);
  expect(await topicEnds(s.kafka, PUBLISHED)).toBe(ends);
  return result;
}

// ---------------------------------------------------------------- hostile values, by field kind

type Kind =
  | 'id'
  | 'code'
  | 'text'
  | 'enum'
  | 'date'
  | 'month'
  | 'timestamp'
  | 'amount'
  | 'int'
  | 'specversion'
  | 'contenttype'
  | 'type';

function deep(depth: number, leaf: unknown = 1): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

const deepNesting = fc.integer({ min: 50, max: 2_000 }).map((d) => deep(d)); // deeper ones as raw text below (the test's own JSON.stringify recurses)
const hugeString = (min: number) => fc.integer({ min, max: 300_000 }).map((n) => 'å'.repeat(n));
const nonString = fc.oneof(
  fc.integer(),
  fc.constantFrom(
    0,
    -0,
    1e21,
    -1e21,
    Number.MAX_SAFE_INTEGER + 2,
    Number.MIN_VALUE,
    Number.MAX_VALUE,
    2 ** 63,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  deepNesting,
);
const withControl = fc
  .tuple(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('\u0000', '\n', '\r', '\u001b', '\u007f', '\t'),
    fc.string({ maxLength: 20 }),
  )
  .map(([a, c, b]) => `${a}${c}${b}`);
const unicodeTricks = fc.constantFrom(
  '\u200b',
  '\u202e',
  '\ufeff',
  '\ud800',
  '\udfff',
  'Ｅ',
  'Е' /* Cyrillic */,
  'ǅ',
  '\u0301',
  '𝟙',
);

const invalidFor: Record<Kind, fc.Arbitrary<unknown>> = {
  id: fc.oneof(nonString, fc.constant(''), hugeString(257), withControl),
  code: fc.oneof(nonString, fc.constant(''), hugeString(257), withControl),
  text: fc.oneof(nonString, fc.constant(''), hugeString(1001)),
  enum: fc.oneof(
    nonString,
    fc.constantFrom(
      'NOPE',
      'ekonomiskt_bistand',
      'EKONOMISKT_BISTAND ',
      ' HVB',
      'HVB\u200b',
      'ΗVB' /* Greek Eta */,
      'EXTERN\u0000',
      '',
    ),
  ),
  date: fc.oneof(
    nonString,
    fc.constantFrom(
      '2023-02-30',
      '2023-2-01',
      '2023-02-01T00:00:00Z',
      '２０２３-０２-０１',
      '20230201',
      '2023-00-10',
      '2023-02-01\u0000',
      '',
      '+2023-02-01',
      '2023-02-01 ',
      '0000-00-00',
      '2023-02-29',
    ),
  ),
  month: fc.oneof(
    nonString,
    fc.constantFrom('2023-13', '2023-3', '2023-03-01', '', '2023-00', '２０２３-０３'),
  ),
  timestamp: fc.oneof(
    nonString,
    fc.constantFrom(
      '2023-03-01T24:00:00Z',
      '2023-03-01T10:00:00',
      '2023-03-01T10:00:60Z',
      '2023-02-30T10:00:00Z',
      '2023-03-01 10:00:00Z',
      `${'9'.repeat(41)}`,
      '',
      '2023-03-01T10:00:00+25:00',
      '2023-03-01T10:00:00.1234567890Z',
    ),
  ),
  amount: fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.constantFrom(
      '12.345',
      '1e3',
      '1E3',
      '0x10',
      ' 12.00',
      '１２.００',
      '12,00',
      '--1.00',
      'NaN',
      'Infinity',
      '99999999999999999999.99',
      '',
      '+12.00',
      '.50',
      '12.',
      '00012.00',
      '1_000.00',
      '12.00\u0000',
      '١٢.٠٠',
    ),
    fc.constant(null),
    fc.constant([]),
  ),
  int: fc.oneof(
    fc.constantFrom(-1, 1.5, '1', 2 ** 53, 1e308, true, null, [], 1e21, 'NaN', -2147483649),
    fc.integer({ min: -1_000_000, max: -1 }),
  ),
  specversion: fc.constantFrom('1.00', 1, '2.0', '', null, '1.0\u0000', ' 1.0'),
  contenttype: fc.constantFrom('text/plain', 1, '', 'application/xml', null),
  type: fc.oneof(
    nonString,
    fc.constantFrom(
      'se.socialtjanst.case.opened.v2',
      '',
      'se.socialtjanst.case.opened.v1\u0000',
      'SE.SOCIALTJANST.CASE.OPENED.V1',
    ),
  ),
};

interface Field {
  readonly path: (string | number)[];
  readonly kind: Kind;
}

const ENVELOPE: Field[] = [
  { path: ['specversion'], kind: 'specversion' },
  { path: ['id'], kind: 'id' },
  { path: ['type'], kind: 'type' },
  { path: ['time'], kind: 'timestamp' },
  { path: ['subject'], kind: 'id' },
  { path: ['datacontenttype'], kind: 'contenttype' },
];

const FIELDS: Record<string, Field[]> = {
  caseOpened: [
    ...ENVELOPE,
    { path: ['data', 'caseId'], kind: 'id' },
    { path: ['data', 'householdId'], kind: 'id' },
    { path: ['data', 'caseType'], kind: 'enum' },
    { path: ['data', 'openedOn'], kind: 'date' },
    { path: ['data', 'adults'], kind: 'int' },
    { path: ['data', 'children'], kind: 'int' },
  ],
  placementStarted: [
    ...ENVELOPE,
    { path: ['data', 'placementId'], kind: 'id' },
    { path: ['data', 'caseId'], kind: 'id' },
    { path: ['data', 'placementType'], kind: 'enum' },
    { path: ['data', 'regi'], kind: 'enum' },
    { path: ['data', 'targetGroup'], kind: 'enum' },
    { path: ['data', 'startDate'], kind: 'date' },
    { path: ['data', 'dailyRate'], kind: 'amount' },
  ],
  paymentDisbursed: [
    ...ENVELOPE,
    { path: ['data', 'paymentId'], kind: 'id' },
    { path: ['data', 'caseId'], kind: 'id' },
    { path: ['data', 'householdId'], kind: 'id' },
    { path: ['data', 'paidOn'], kind: 'date' },
    { path: ['data', 'benefitMonth'], kind: 'month' },
    { path: ['data', 'amount'], kind: 'amount' },
    { path: ['data', 'components', 0, 'category'], kind: 'enum' },
    { path: ['data', 'components', 1, 'amount'], kind: 'amount' },
  ],
  ledgerPosted: [
    ...ENVELOPE,
    { path: ['data', 'postingId'], kind: 'id' },
    { path: ['data', 'bookedOn'], kind: 'date' },
    { path: ['data', 'account'], kind: 'code' },
    { path: ['data', 'responsibility'], kind: 'code' },
    { path: ['data', 'activity'], kind: 'code' },
    { path: ['data', 'amount'], kind: 'amount' },
    { path: ['data', 'text'], kind: 'text' },
  ],
};

const KINDS_OF: Record<'intake' | 'payments', (keyof ReturnType<typeof validEvents>)[]> = {
  intake: ['caseOpened', 'placementStarted'],
  payments: ['paymentDisbursed', 'ledgerPosted'],
};

function fieldName(path: (string | number)[]): string {
  return path.reduce<string>(
    (name, p) => (typeof p === 'number' ? `${name}[${p}]` : name === '' ? p : `${name}.${p}`),
    '',
  );
}

function setPath(target: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let at = target as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) at = at[p] as Record<string | number, unknown>;
  at[path[path.length - 1]] = value;
}

function deletePath(target: Record<string, unknown>, path: (string | number)[]): void {
  let at = target as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) at = at[p] as Record<string | number, unknown>;
  delete at[path[path.length - 1]];
}

type Mutation =
  | { readonly op: 'set'; readonly field: Field; readonly value: unknown }
  | { readonly op: 'delete'; readonly field: Field }
  | {
      readonly op: 'addKey';
      readonly parent: (string | number)[];
      readonly key: string;
      readonly value: unknown;
    };

// Keys an attacker picks to reach Object.prototype, or that look like personal data; all refused.
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  'hasOwnProperty',
  'toString',
  'ID',
  '',
  'data ',
  'caseid',
  'förnamn',
];
const HOSTILE_DATA_KEYS = [...HOSTILE_KEYS, 'namn', 'fornamn', 'efternamn', 'personnummer'];
const pollution = fc.constantFrom<unknown>(
  { roles: ['admin'] },
  { isAdmin: true, sources: ['urn:system:utbetalning'] },
  { toString: 'x' },
  { prototype: { polluted: MARKER } },
  'x',
);

function mutationFor(kind: keyof ReturnType<typeof validEvents>): fc.Arbitrary<Mutation> {
  const fields = FIELDS[kind];
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .constantFrom(...fields)
        .chain((field) => invalidFor[field.kind].map((value): Mutation => ({ op: 'set', field, value }))),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          ...fields.filter(
            (f) =>
              !['responsibility', 'activity', 'text', 'adults', 'children', 'datacontenttype'].includes(
                String(f.path[f.path.length - 1]),
              ),
          ),
        )
        .map((field): Mutation => ({ op: 'delete', field })),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.record({ parent: fc.constant<(string | number)[]>([]), key: fc.constantFrom(...HOSTILE_KEYS) }),
          fc.record({
            parent: fc.constant<(string | number)[]>(['data']),
            key: fc.constantFrom(...HOSTILE_DATA_KEYS),
          }),
        )
        .chain(({ parent, key }) =>
          pollution.map((value): Mutation => ({ op: 'addKey', parent, key, value })),
        ),
    },
  );
}

/** The raw JSON of a batch with one event mutated; `__proto__` keys are written as own keys, as an attacker's JSON would. */
function hostileBody(events: Record<string, unknown>[], index: number, m: Mutation): string {
  const copy = events.map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);
  const target = copy[index];
  if (m.op === 'set') setPath(target, m.field.path, m.value);
  else if (m.op === 'delete') deletePath(target, m.field.path);
  else {
    const parent = m.parent.reduce<Record<string | number, unknown>>(
      (o, p) => o[p] as Record<string | number, unknown>,
      target,
    );
    Object.defineProperty(parent, m.key, {
      value: m.value,
      enumerable: true,
      configurable: true,
      writable: true,
    });
  }
  return JSON.stringify(copy);
}

function namesTheField(e: ErrorItem, m: Mutation, index: number): boolean {
  if (e.index !== index) return false;
  const field = e.field ?? '';
  if (m.op === 'addKey') {
    const parent = fieldName(m.parent);
    // A key that is no identifier is written in brackets: data[""], ["data "].
    const bracketed = `[${JSON.stringify(m.key)}]`;
    return (
      field === (parent === '' ? m.key : `${parent}.${m.key}`) ||
      field === `${parent}${bracketed}` ||
      field === (parent === '' ? '(event)' : parent) ||
      (m.key !== '' && field.endsWith(`.${m.key}`))
    );
  }
  const name = fieldName(m.field.path);
  // The aggregate id doubles as the subject: a bad one may be reported on either; a bad part amount also breaks the sum.
  if (field === name) return true;
  if (name === 'subject' || name.endsWith('Id')) return field === 'subject' || field === name;
  if (name.startsWith('data.components'))
    return field.startsWith('data.components') || field === 'data.amount';
  if (name === 'data.amount') return field === 'data.amount' || field.startsWith('data.components');
  return false;
}

// ---------------------------------------------------------------- CloudEvents at POST /v1/events

describe.each(['intake', 'payments'] as const)(
  'POST /v1/events of %s under hostile CloudEvents',
  (service) => {
    const token = service === 'intake' ? INGEST.lifecare : INGEST.payments;

    it('rejects a batch with one mutated event: 4xx naming event and field, no 5xx, nothing applied', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...KINDS_OF[service])
            .chain((kind) =>
              fc.record({
                kind: fc.constant(kind),
                size: fc.integer({ min: 1, max: 4 }),
                index: fc.nat(),
                mutation: mutationFor(kind),
              }),
            ),
          async ({ kind, size, index, mutation }) => {
            const events = Array.from(
              { length: size },
              (_, i) =>
                validEvents(fresh(`${kind}${i}`))[i === index % size ? kind : KINDS_OF[service][i % 2]],
            ) as unknown as Record<string, unknown>[];
            const at = index % size;
            const body = hostileBody(events, at, mutation);
            const reply = await expectNothingApplied(() =>
              call('POST', `${s.url[service]}/v1/events`, { token, body, contentType: 'application/json' }),
            );
            expectCleanRejection(reply, `${kind} ${JSON.stringify(mutation).slice(0, 200)}`);
            if (reply.status === 422) {
              const errors = errorsOf(reply);
              expect({
                errors: errors.slice(0, 5),
                named: errors.some((e) => namesTheField(e, mutation, at)),
              }).toMatchObject({ named: true });
            } else {
              // A mutated source is refused by the token check first; a huge body by the size check.
              expect([400, 403, 413]).toContain(reply.status);
            }
          },
        ),
        { numRuns: RUNS },
      );
    });

    it('survives bodies that are not event batches at all: no 5xx, nothing applied', async () => {
      const raw = fc.oneof(
        fc.json({ maxDepth: 4 }),
        fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
        fc.string({ maxLength: 200 }),
        fc.constantFrom(
          '',
          'null',
          '[]',
          '[[]]',
          '{}',
          '"x"',
          '[null]',
          '{"__proto__":{"roles":["admin"]}}',
          '[{"__proto__":null}]',
          '\ufeff[]',
          '[1,2,3',
          '{"a":1}{"b":2}',
          '\u0000',
        ),
        fc.integer({ min: 1000, max: 200_000 }).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`),
      );
      await fc.assert(
        fc.asyncProperty(raw, async (body) => {
          const reply = await expectNothingApplied(() =>
            call('POST', `${s.url[service]}/v1/events`, { token, body, contentType: 'application/json' }),
          );
          expectCleanRejection(reply, JSON.stringify(body).slice(0, 120));
        }),
        { numRuns: RUNS },
      );
    });

    it('refuses a body over the limit with 413, and a batch over 10 000 events with 413', async () => {
      const huge = await expectNothingApplied(() =>
        call('POST', `${s.url[service]}/v1/events`, {
          token,
          body: `[${JSON.stringify('x'.repeat(11 * 1024 * 1024))}]`,
          contentType: 'application/json',
        }),
      );
      expect(huge.status).toBe(413);
      const ev = validEvents(fresh('many'))[KINDS_OF[service][0]];
      const many = await expectNothingApplied(() =>
        call('POST', `${s.url[service]}/v1/events`, {
          token,
          body: JSON.stringify(Array.from({ length: 10_001 }, () => ev)),
          contentType: 'application/json',
        }),
      );
      expect(many.status).toBe(413);
    });

    it('refuses other media types with 415', async () => {
      const ev = validEvents(fresh('media'))[KINDS_OF[service][0]];
      for (const contentType of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/cloudevents-batch+json',
        'text/csv',
      ]) {
        const reply = await expectNothingApplied(() =>
          call('POST', `${s.url[service]}/v1/events`, { token, body: JSON.stringify([ev]), contentType }),
        );
        expect({ contentType, status: reply.status }).toEqual({ contentType, status: 415 });
      }
    });
  },
);

// ---------------------------------------------------------------- duplicated ids across batches

describe('duplicated ids across batches (SPEC §4 dedup), model-based', () => {
  it('acknowledges duplicates, refuses conflicts with 409, and never applies part of a batch', async () => {
    // A small pool of (source, id)s with two contents each; batches draw from it. The model: the
    // first content stored for an id; a batch with any other content for a stored id (or two
    // contents for one id) is refused whole.
    const poolPrefix = fresh('dup');
    const variant = (n: number, v: 0 | 1) => {
      const e = validEvents(`${poolPrefix}-${n}`).ledgerPosted as unknown as { data: { amount: string } };
      return { ...e, data: { ...e.data, amount: v === 0 ? '-1234.50' : '99.00' } };
    };
    const model = new Map<number, 0 | 1>();
    const base = (await ingestedRows(s)).payments_events;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.constantFrom<0 | 1>(0, 1)), {
            minLength: 1,
            maxLength: 6,
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (batches) => {
          for (const batch of batches) {
            const inBatch = new Map<number, 0 | 1>();
            let conflict = false;
            for (const [n, v] of batch) {
              if ((model.has(n) && model.get(n) !== v) || (inBatch.has(n) && inBatch.get(n) !== v))
                conflict = true;
              inBatch.set(n, v);
            }
            const reply = await call('POST', `${s.url.payments}/v1/events`, {
              token: INGEST.payments,
              body: JSON.stringify(batch.map(([n, v]) => variant(n, v))),
              contentType: 'application/json',
            });
            expect(reply.status).toBeLessThan(500);
            if (conflict) {
              expect([409, 422]).toContain(reply.status);
              expect(
                errorsOf(reply).some(
                  (e) => e.field === 'id' || e.field === '(event)' || /id/.test(e.field ?? ''),
                ),
              ).toBe(true);
            } else {
              const added = [...inBatch.keys()].filter((n) => !model.has(n)).length;
              expect({
                status: reply.status,
                accepted: (reply.json as { accepted: number }).accepted,
              }).toEqual({ status: 202, accepted: added });
              expect((reply.json as { accepted: number; duplicates: number }).duplicates).toBe(
                batch.length - added,
              );
              for (const [n, v] of inBatch) if (!model.has(n)) model.set(n, v);
            }
            expect((await ingestedRows(s)).payments_events - base).toBe(model.size);
          }
        },
      ),
      { numRuns: Math.max(10, Math.floor(RUNS / 3)) },
    );
  });

  it('takes the same event once whether it came over HTTP or the inbound topic', async () => {
    const e = validEvents(fresh('xchan')).ledgerPosted;
    const first = await call('POST', `${s.url.payments}/v1/events`, {
      token: INGEST.payments,
      body: JSON.stringify([e]),
      contentType: 'application/json',
    });
    expect(first.status).toBe(202);
    const producer = s.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'socialtjanst.inbound.v1',
      messages: [
        { key: e.subject, value: JSON.stringify(e) },
        { key: e.subject, value: JSON.stringify(e) },
      ],
    });
    await producer.disconnect();
    const deadline = Date.now() + 30_000;
    let lag = -1;
    while (Date.now() < deadline) {
      const admin = s.kafka.admin();
      await admin.connect();
      const [ends, [committed]] = await Promise.all([
        admin.fetchTopicOffsets('socialtjanst.inbound.v1'),
        admin.fetchOffsets({ groupId: 'ramprognos.payments.inbound', topics: ['socialtjanst.inbound.v1'] }),
      ]);
      await admin.disconnect();
      lag = ends.reduce(
        (n, p) =>
          n +
          Number(p.high) -
          Math.max(0, Number(committed.partitions.find((c) => c.partition === p.partition)?.offset ?? 0)),
        0,
      );
      if (lag === 0) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(lag).toBe(0);
    const rows = await s.query<{ n: string }>(
      `select count(*) as n from payments.event_store where source = $1 and id = $2`,
      [e.source, e.id],
    );
    expect(Number(rows[0].n)).toBe(1);
    const again = await call('POST', `${s.url.payments}/v1/events`, {
      token: INGEST.payments,
      body: JSON.stringify(e),
      contentType: 'application/json',
    });
    expect(again.json).toMatchObject({ accepted: 0, duplicates: 1 });
  });
});

// ---------------------------------------------------------------- accepted at the door = applied downstream

interface ForecastStatusBody {
  caughtUp: boolean;
  eventsApplied: number;
  deadLettered: number;
}

async function forecastStatus(): Promise<ForecastStatusBody> {
  // Right after topics are created the broker may not name a leader yet, and status answers 500 for a moment.
  for (let attempt = 1; ; attempt++) {
    const reply = await call('GET', `${s.url.forecast}/v1/status`);
    const body = reply.json as ForecastStatusBody | undefined;
    if (reply.status === 200 && typeof body?.eventsApplied === 'number') return body;
    if (attempt >= 40) throw new Error(`forecast /v1/status: ${reply.status} ${reply.text.slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('unicode tricks in codes, ids and texts', () => {
  it('are either refused at the door or applied by the forecast service — never accepted and then dead-lettered', async () => {
    const tricky = fc
      .tuple(
        fc.string({ minLength: 1, maxLength: 6 }),
        unicodeTricks,
        fc.constantFrom('', '\u0000', '\u202e', '\ud83d\ude00', 'e\u0301'),
      )
      // eslint-disable-next-line no-control-regex -- the generated prefix stays printable; the tricks are added on purpose
      .map(([a, u, b]) => `${a.replace(/[\u0000-\u001f\u007f]/g, 'x')}${u}${b}`);
    const samples = fc.sample(
      fc.record({
        field: fc.constantFrom('account', 'responsibility', 'activity', 'text', 'id', 'postingId'),
        value: tricky,
      }),
      { numRuns: Math.max(12, Math.floor(RUNS / 3)), seed: 42 },
    );
    const before = await forecastStatus();
    let accepted = 0;
    const acceptedIds: string[] = [];
    const acceptedTwice: string[] = [];
    for (const { field, value } of samples) {
      const e = validEvents(fresh('uni')).ledgerPosted as unknown as Record<string, unknown> & {
        data: Record<string, unknown>;
      };
      if (field === 'id') e.id = `${String(e.id)}${value}`;
      else if (field === 'postingId') {
        e.data.postingId = `${String(e.data.postingId)}${value}`;
        e.subject = e.data.postingId;
      } else e.data[field] = value;
      const reply = await expectNothingAppliedUnless202(() =>
        call('POST', `${s.url.payments}/v1/events`, {
          token: INGEST.payments,
          body: JSON.stringify([e]),
          contentType: 'application/json',
        }),
      );
      expect({ field, status: reply.status, serverError: reply.status >= 500 }).toEqual({
        field,
        status: reply.status,
        serverError: false,
      });
      if (reply.status === 202) {
        accepted += 1;
        acceptedIds.push(`${field}=${JSON.stringify(value)}`);
        // The very same request again is a duplicate (SPEC §4), whatever the characters.
        const again = await call('POST', `${s.url.payments}/v1/events`, {
          token: INGEST.payments,
          body: JSON.stringify([e]),
          contentType: 'application/json',
        });
        const reply = again.json as { accepted?: number; duplicates?: number };
        if (again.status !== 202 || reply.accepted !== 0 || reply.duplicates !== 1) {
          acceptedTwice.push(
            `${field}=${JSON.stringify(value)}: resend got ${again.status} ${again.text.slice(0, 120)}`,
          );
          accepted += reply.accepted ?? 0;
        }
      }
    }
    expect(accepted).toBeGreaterThan(0);
    let after = before;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      after = await forecastStatus();
      if (
        after.caughtUp &&
        (after.eventsApplied >= before.eventsApplied + accepted || after.deadLettered > before.deadLettered)
      )
        break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await new Promise((r) => setTimeout(r, 3000));
    after = await forecastStatus();
    expect({
      acceptedTwice,
      accepted: acceptedIds,
      applied: after.eventsApplied - before.eventsApplied,
      deadLettered: after.deadLettered - before.deadLettered,
    }).toEqual({
      acceptedTwice: [],
      accepted: acceptedIds,
      applied: accepted,
      deadLettered: 0,
    });
  });
});

async function expectNothingAppliedUnless202(send: () => Promise<Reply>): Promise<Reply> {
  await outboxesDrained(s);
  const [rows, ends] = await Promise.all([ingestedRows(s), topicEnds(s.kafka, PUBLISHED)]);
  const reply = await send();
  if (reply.status !== 202) {
    expect(await ingestedRows(s)).toEqual(rows);
    expect(await topicEnds(s.kafka, PUBLISHED)).toBe(ends);
  }
  return reply;
}

// ---------------------------------------------------------------- ledger CSV at POST /v1/imports/ledger

const CSV_COLUMNS = [
  'Verifikation',
  'Bokföringsdatum',
  'Konto',
  'Ansvar',
  'Verksamhet',
  'Belopp',
  'Text',
  'Registrerad',
] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

const invalidCell: Partial<Record<CsvColumn, fc.Arbitrary<string>>> = {
  Verifikation: fc.constantFrom(''),
  Bokföringsdatum: fc.constantFrom(
    '2023-02-30',
    '2023-13-01',
    '20230230',
    'igår',
    '2023/02/01',
    '01-02-2023',
    '２０２３-０２-０１',
    '',
  ),
  Konto: fc.constantFrom(''),
  Belopp: fc.constantFrom(
    '12,345',
    '1e5',
    '1,2,3',
    'NaN',
    '12.00.00',
    '--5,00',
    '0x10',
    '',
    '99999999999999999999,99',
    '12;5',
    '١٢,٠٠',
  ),
  Registrerad: fc.constantFrom('igår', '2023-03-01T25:00:00Z', '2023-03-01', '2023-02-30T10:00:00Z'),
};

function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[;"\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(';');
}

function csvRows(prefix: string, n: number): string[][] {
  return Array.from({ length: n }, (_, i) => [
    `${prefix}-V${i}`,
    '2023-02-28',
    '4560',
    '7101',
    '420',
    `-1 234,${String(i % 100).padStart(2, '0')}`,
    'Hyra; kv "1"',
    '2023-03-01T10:00:00Z',
  ]);
}

describe('POST /v1/imports/ledger under hostile CSV', () => {
  const upload = (body: string | Buffer, contentType = 'text/csv; charset=utf-8', query = '') =>
    call('POST', `${s.url.payments}/v1/imports/ledger${query}`, {
      token: INGEST.payments,
      body,
      contentType,
    });

  it('rejects a file with one bad cell: 422 naming row and column, nothing applied', async () => {
    const columns = Object.keys(invalidCell) as CsvColumn[];
    await fc.assert(
      fc.asyncProperty(
        fc
          .record({ n: fc.integer({ min: 1, max: 20 }), row: fc.nat(), column: fc.constantFrom(...columns) })
          .chain((r) => (invalidCell[r.column] as fc.Arbitrary<string>).map((value) => ({ ...r, value }))),
        async ({ n, row, column, value }) => {
          const rows = csvRows(fresh('csv'), n);
          const at = row % n;
          rows[at][CSV_COLUMNS.indexOf(column)] = value;
          const body = [csvLine(CSV_COLUMNS), ...rows.map(csvLine)].join('\r\n');
          const reply = await expectNothingApplied(() => upload(body));
          expectCleanRejection(reply, `${column}=${JSON.stringify(value)}`);
          expect(reply.status).toBe(422);
          const errors = errorsOf(reply);
          expect({
            errors: errors.slice(0, 3),
            named: errors.some((e) => e.row === at + 2 && (e.column === column || e.field !== undefined)),
          }).toMatchObject({ named: true });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('survives files that are not ledger exports at all: no 5xx, nothing applied', async () => {
    const header = csvLine(CSV_COLUMNS);
    const garbage = fc.oneof(
      fc.string({ maxLength: 300 }).map((t) => t),
      fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
      fc
        .array(fc.array(fc.string({ maxLength: 12 }), { maxLength: 10 }), { maxLength: 10 })
        .map((rows) => [header, ...rows.map((r) => r.join(';'))].join('\n')),
      fc.constantFrom(
        '',
        '\ufeff',
        header,
        `${header}\r\n"unterminated;2023-02-28;4560;;;1,00;x;2023-03-01T10:00:00Z`,
        `${header}\n${'x;'.repeat(5000)}`,
        `Verifikation,Bokföringsdatum,Konto,Belopp\nV1,2023-02-28,4560,"1,00"`,
        `Verifikation;Verifikation;Bokföringsdatum;Konto;Belopp\nV1;V2;2023-02-28;4560;1,00`,
        `${header}\n\u0000;2023-02-28;4560;;;1,00;x;2023-03-01T10:00:00Z`,
        `${header}\n${'A'.repeat(300)};2023-02-28;4560;;;1,00;x;2023-03-01T10:00:00Z`,
        `${header}\nV1;2023-02-28;4560;;;1,00;${'x'.repeat(5000)};2023-03-01T10:00:00Z`,
        `${header}\nV1;2023-02-28;4560;;;1,00;\ud800;2023-03-01T10:00:00Z`,
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        garbage,
        fc.constantFrom(
          'text/csv',
          'text/csv; charset=utf-8',
          'text/csv; charset=windows-1252',
          'text/csv; charset=ebcdic',
        ),
        async (body, contentType) => {
          const before = await ingestedRows(s);
          const reply = await upload(body, contentType);
          expect({ status: reply.status, serverError: reply.status >= 500 }).toEqual({
            status: reply.status,
            serverError: false,
          });
          if (reply.status !== 202) expect(await ingestedRows(s)).toEqual(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('refuses a posting that comes back changed (409) and applies nothing of that file', async () => {
    const prefix = fresh('csvdup');
    const rows = csvRows(prefix, 3);
    const first = await upload([csvLine(CSV_COLUMNS), ...rows.map(csvLine)].join('\n'));
    expect(first.json).toMatchObject({ accepted: 3, duplicates: 0 });
    const again = await upload([csvLine(CSV_COLUMNS), ...rows.map(csvLine)].join('\n'));
    expect(again.json).toMatchObject({ accepted: 0, duplicates: 3 });
    const changed = rows.map((r) => [...r]);
    changed[1][5] = '1,00';
    const extra = csvRows(`${prefix}-new`, 2);
    const reply = await expectNothingApplied(() =>
      upload([csvLine(CSV_COLUMNS), ...changed.map(csvLine), ...extra.map(csvLine)].join('\n')),
    );
    expect(reply.status).toBe(409);
    expect(errorsOf(reply).some((e) => e.row === 3)).toBe(true);
  });
});

// ---------------------------------------------------------------- query parameters of every read route

/** PostgreSQL's log as entries: a line with the log_line_prefix (`%m [%p] `) and its continuation lines. */
function statementLogEntries(log: string): string[] {
  const entries: string[] = [];
  for (const line of log.split('\n')) {
    if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/.test(line) || entries.length === 0) entries.push(line);
    else entries[entries.length - 1] += `\n${line}`;
  }
  return entries;
}

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean }[] }>>;
}

const SQLI = [
  `' OR '1'='1' --${MARKER}`,
  `2023; drop table budget_events; --${MARKER}`,
  `2023-08-31' union select current_user --${MARKER}`,
  `$$${MARKER}$$`,
  `\\'; select pg_sleep(3); --${MARKER}`,
  `${MARKER}\u0000`,
  `%27%20OR%201%3D1${MARKER}`,
  `2023-08-31T00:00:00Z'||'${MARKER}`,
];

const hostileParam = fc.oneof(
  fc.constantFrom(...SQLI),
  fc.string({ maxLength: 40 }).map((v) => `${v}${MARKER}`),
  fc.constantFrom(
    '',
    ' ',
    '2023',
    '2023-08-31',
    '2023-08-31T00:00:00Z',
    '-1',
    '0',
    '99999999999999999999',
    '1e3',
    'line',
    'frame',
    'area',
    'csv',
    'xlsx',
    'json',
    '__proto__',
    'constructor',
  ),
  unicodeTricks.map((u) => `2023${u}`),
  // Long, but under Node's 16 KB header limit once percent-encoded (a longer URL gets 431).
  fc.integer({ min: 200, max: 400 }).map((n) => `${'å'.repeat(n)}${MARKER}`),
);

describe('query parameters of every reporting and forecast route, fuzzed', () => {
  it('answers every route without a 5xx, whatever the parameters', async () => {
    const routes: { base: string; path: string; params: string[]; token: string }[] = [];
    for (const [service, roles] of [
      ['reporting', ['controller']],
      ['forecast', ['service']],
    ] as const) {
      const doc = (await call('GET', `${s.url[service]}/docs-json`)).json as OpenApi;
      for (const [path, ops] of Object.entries(doc.paths)) {
        const get = ops.get;
        if (!get) continue;
        routes.push({
          base: s.url[service],
          path,
          params: (get.parameters ?? []).map((p) => `${p.in}:${p.name}`),
          token: await localJwt(roles),
        });
      }
    }
    expect(routes.length).toBeGreaterThan(5);
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(
          fc.tuple(
            fc.constantFrom(
              'year',
              'asOf',
              'knownAt',
              'groupBy',
              'format',
              'line',
              'x',
              '__proto__',
              'year[]',
              'asOf[a]',
            ),
            hostileParam,
          ),
          { maxLength: 5 },
        ),
        hostileParam,
        async (route, extra, pathValue) => {
          const query = new URLSearchParams();
          for (const p of route.params) if (p.startsWith('query:')) query.append(p.slice(6), pathValue);
          for (const [k, v] of extra) query.append(k, v);
          const path = route.path.replace(/\{[^}]+\}/g, encodeBytes(pathValue));
          const url = `${route.base}${path}?${query.toString()}`;
          const reply = await call('GET', url, { token: route.token });
          if (reply.status >= 500)
            failures.push(
              `${reply.status} GET ${route.path} ${query.toString().slice(0, 200)}: ${reply.text.slice(0, 200)}`,
            );
          expect(reply.status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS * 3 },
    );
    expect(failures).toEqual([]);
  });

  it('sends values to PostgreSQL only as bound parameters (the server log of every statement)', async () => {
    // A value that does reach the database (a budget's label and a forecast adjustment's comment),
    // so the log provably shows what arrives; then every statement text is searched for the marker.
    const controller = await localJwt(['controller']);
    const label = `Budget ' OR 1=1; --${MARKER}`;
    const adopted = await call('POST', `${s.url.reporting}/v1/budgets`, {
      token: controller,
      contentType: 'application/json',
      body: JSON.stringify({
        year: 2031,
        label,
        adoptedOn: '2031-01-01',
        frames: [{ code: 'KB', name: `Ram'); drop table x; --${MARKER}`, accountable: true }],
        areas: [{ code: 'IFO', name: 'Individ och familj' }],
        lines: [
          {
            code: 'L1',
            name: `Rad ${MARKER}`,
            frame: 'KB',
            area: 'IFO',
            annualBudget: '1000.00',
            profile: 'EVEN',
            match: [{ stream: 'ledger', account: ['4560'] }],
          },
        ],
      }),
    });
    expect(adopted.status).toBeLessThan(300);
    await new Promise((r) => setTimeout(r, 500));
    const entries = statementLogEntries(readFileSync(s.statementLog, 'utf8'));
    const statements = entries.filter((e) =>
      /^\S+ \S+ \S+ \[\d+\] (LOG:\s+(statement|execute [^:]*)|STATEMENT):/.test(e),
    );
    const parameters = entries.filter((e) => /^\S+ \S+ \S+ \[\d+\] DETAIL:\s+parameters:/.test(e));
    expect(statements.length).toBeGreaterThan(100);
    expect(statements.filter((line) => line.includes(MARKER)).map((l) => l.slice(0, 300))).toEqual([]);
    // The control: the marked values did reach the database, as bound parameters.
    expect(parameters.some((line) => line.includes(MARKER))).toBe(true);
  });
});
