import type { NestExpressApplication } from '@nestjs/platform-express';
import { EVENT_TYPES, TOPICS } from '@ramprognos/contracts';
import { IngestionRuntime } from '@ramprognos/ingestion';
import { createServiceApp, JsonLogger } from '@ramprognos/service-kit';
import { uniqueId, uniqueSchema } from '@ramprognos/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { loadPaymentsConfig } from '../src/config';
import {
  captureStdout,
  countBy,
  eventually,
  findPersonnummer,
  idOf,
  readTopic,
  sql,
  type TopicMessage,
} from '@ramprognos/testing';

// Payments through the real AppModule on real Kafka and PostgreSQL: its event types over HTTP and
// the ledger CSV import. The shared pipeline (dedup, 409, atomicity, inbound) is proven in depth
// by intake's suite and libs/ingestion's; here what payments adds or configures differently.

const run = uniqueId('payments').replace(/[^a-z0-9-]/g, '');
const UTBETALNING = `urn:test:${run}:utbetalning`;
const RAINDANCE = `urn:test:${run}:raindance`;
const TOKEN = `payments-token-${run}`;
const LEDGER_ONLY_TOKEN = `ledger-token-${run}`;

const schema = uniqueSchema('payments_int');
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
const upload = (
  file: string | Buffer,
  options: { token?: string; contentType?: string; source?: string } = {},
) =>
  http()
    .post(`/v1/imports/ledger?source=${encodeURIComponent(options.source ?? RAINDANCE)}`)
    .set('Authorization', `Bearer ${options.token ?? TOKEN}`)
    .set('Content-Type', options.contentType ?? 'text/csv; charset=utf-8')
    .send(typeof file === 'string' ? Buffer.from(file, 'utf8') : file);

let counter = 0;
function disbursed(householdId = `hh-${run}`, amount = '1500.00') {
  counter += 1;
  return {
    specversion: '1.0',
    id: `pay-${run}-${counter}`,
    source: UTBETALNING,
    type: EVENT_TYPES.paymentDisbursed,
    time: '2023-04-25T10:00:00Z',
    subject: householdId,
    data: {
      paymentId: `p-${run}-${counter}`,
      caseId: `case-${run}`,
      householdId,
      paidOn: '2023-04-25',
      benefitMonth: '2023-05',
      amount,
      components: [
        { category: 'FORSORJNINGSSTOD', amount: '1000.00' },
        { category: 'BOENDE', amount: '500.00' },
      ],
    },
  };
}

function csv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.join(';')).join('\r\n') + '\r\n';
}

const HEADER = ['Verifikation', 'Bokföringsdatum', 'Konto', 'Ansvar', 'Verksamhet', 'Belopp', 'Text'];

function published(topic: string): TopicMessage[] {
  return readTopic(topic, since).filter((m) => (m.value ?? '').includes(run));
}

async function stored(ids: readonly string[]): Promise<string[]> {
  const rows = await sql<{ id: string }>(
    `select id from "${schema}".event_store where id = any($1) order by id`,
    [ids],
  );
  return rows.map((r) => r.id);
}

async function drained(): Promise<void> {
  await eventually(
    async () => (await http().get('/v1/status').expect(200)).body.outboxPending as number,
    (n) => n === 0,
    'the outbox to drain',
  );
}

beforeAll(async () => {
  stdout = captureStdout();
  const config = loadPaymentsConfig({
    ...process.env,
    DB_SCHEMA: schema,
    INGEST_TOKENS: `${TOKEN}=${UTBETALNING}|${RAINDANCE},${LEDGER_ONLY_TOKEN}=${RAINDANCE}`,
    INBOUND_START: 'latest',
    LEDGER_IMPORT_LIMIT: '2mb',
  });
  app = await createServiceApp(AppModule.forRoot(config), {
    serviceName: 'payments',
    port: 0,
    listen: false,
    logger: new JsonLogger({ service: 'payments', write: (line) => logLines.push(line) }),
  });
  await app.get(IngestionRuntime).ready();
});

afterAll(async () => {
  await app?.close();
  stdout?.restore();
  await sql(`drop schema if exists "${schema}" cascade`);
});

describe('POST /v1/events (payments)', () => {
  it('publishes payments keyed by household, and refuses case types naming intake', async () => {
    const payments = [disbursed(), disbursed()];
    expect((await post(payments).expect(202)).body).toMatchObject({ accepted: 2, duplicates: 0 });
    const res = await post([
      {
        ...payments[0],
        id: `x-${run}`,
        type: EVENT_TYPES.caseClosed,
        data: { caseId: 'c', closedOn: '2023-01-01', reason: 'FLYTT' },
        subject: 'c',
      },
    ]).expect(422);
    expect(res.body.errors[0]).toMatchObject({
      field: 'type',
      message: expect.stringContaining('intake service (POST :3001/v1/events)'),
    });
    const bad = disbursed(`hh-${run}`, '1500.01');
    expect((await post(bad).expect(422)).body.errors[0]).toMatchObject({
      index: 0,
      id: bad.id,
      field: 'data.components',
    });
    await drained();
    const messages = published(TOPICS.payments).filter((m) => payments.some((p) => p.id === idOf(m)));
    expect(messages.map((m) => m.key)).toEqual([`hh-${run}`, `hh-${run}`]);
    expect(messages.map(idOf)).toEqual(payments.map((p) => p.id));
  });

  it('refuses a token writing a source it is not bound to', async () => {
    await post(disbursed(), LEDGER_ONLY_TOKEN).expect(403);
  });
});

describe('POST /v1/imports/ledger', () => {
  const posting = (n: number) => `V${run}-${n}`;

  it('turns rows into ledger.posted events, and a re-upload of the file into duplicates', async () => {
    const file = csv([
      HEADER,
      [posting(1), '2023-05-02', '4560', '7101', '420', '-1 234,50', 'Hyra'],
      [posting(2), '20230503', '4561', '', '', '1234', '"Semikolon; och ""citat"""'],
      [posting(3), '2023-05-04', '4562', '7101', '420', '0,5', 'Återbetalning 19121212-1212'],
    ]);
    const first = await upload(file).expect(202);
    expect(first.body).toEqual({
      source: RAINDANCE,
      encoding: 'utf-8',
      rows: 3,
      accepted: 3,
      duplicates: 0,
      ignoredColumns: [],
    });
    await drained();
    const again = await upload(file).expect(202);
    expect(again.body).toMatchObject({ rows: 3, accepted: 0, duplicates: 3 });
    await drained();

    const messages = published(TOPICS.ledger).filter((m) => (idOf(m) ?? '').startsWith(`V${run}-`));
    expect(countBy(messages, idOf)).toEqual(new Map([1, 2, 3].map((n) => [posting(n), 1])));
    const events = messages.map((m) => JSON.parse(m.value ?? '{}'));
    const byId = new Map(events.map((e) => [e.id, e]));
    expect(byId.get(posting(1))).toMatchObject({
      source: RAINDANCE,
      type: EVENT_TYPES.ledgerPosted,
      subject: posting(1),
      data: {
        postingId: posting(1),
        bookedOn: '2023-05-02',
        account: '4560',
        responsibility: '7101',
        activity: '420',
        amount: '-1234.50',
        text: 'Hyra',
      },
    });
    expect(byId.get(posting(2))?.data).toEqual({
      postingId: posting(2),
      bookedOn: '2023-05-03',
      account: '4561',
      amount: '1234.00',
      text: 'Semikolon; och "citat"',
    });
    expect(byId.get(posting(3))?.data.text).toBe('Återbetalning [personnummer]');
    expect(messages.map((m) => m.key)).toEqual(messages.map(idOf));
  });

  it('reads Windows-1252, ignores unknown columns, and takes a knowledge time column', async () => {
    const text = csv([
      ['Verifikation', 'Bokforingsdatum', 'KONTO', 'Belopp', 'Motpart', 'Text', 'Registrerad'],
      [posting(10), '2023-06-01', '4560', '99,95', 'X', 'Lägenhet för året', '2023-06-02T07:00:00+02:00'],
    ]);
    const res = await upload(Buffer.from(text, 'latin1'), { contentType: 'text/csv' }).expect(202);
    expect(res.body).toMatchObject({ encoding: 'windows-1252', accepted: 1, ignoredColumns: ['Motpart'] });
    const [row] = await sql<{ payload: { time: string; data: { text: string } } }>(
      `select payload from "${schema}".event_store where id = $1`,
      [posting(10)],
    );
    expect(row.payload.time).toBe('2023-06-02T07:00:00+02:00');
    expect(row.payload.data.text).toBe('Lägenhet för året');
  });

  it('reports every bad row by row and column, and applies nothing of the file', async () => {
    const file = csv([
      HEADER,
      [posting(20), '2023-05-02', '4560', '', '', '100,00', ''],
      [posting(21), '2023-05-02', '4560', '', '', '100.00', ''],
      [posting(22), '2023-02-30', '', '', '', '100', ''],
      [posting(23), '2023-05-02', '4560', '', ''],
    ]);
    const res = await upload(file).expect(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'Belopp',
        message: expect.stringContaining('decimal comma'),
      }),
      { row: 4, column: 'Konto', message: 'is required' },
      { row: 5, message: 'has 5 cells; the header has 7' },
    ]);
    const dates = await upload(csv([HEADER, [posting(24), '2023-02-30', '4560', '', '', '1', '']])).expect(
      422,
    );
    expect(dates.body.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'Bokföringsdatum', field: 'data.bookedOn' }),
    ]);
    expect(await stored([20, 21, 22, 23, 24].map(posting))).toEqual([]);
  });

  it('answers 409 naming the row when a posting comes back changed, and applies nothing of that file', async () => {
    await upload(csv([HEADER, [posting(30), '2023-05-02', '4560', '', '', '10', '']])).expect(202);
    const res = await upload(
      csv([
        HEADER,
        [posting(31), '2023-05-02', '4560', '', '', '10', ''],
        [posting(30), '2023-05-02', '4560', '', '', '11', ''],
      ]),
    ).expect(409);
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 3, column: 'Verifikation' })]);
    expect(await stored([posting(31)])).toEqual([]);
  });

  it('imports 10,000 rows in one go with a progress log line, and refuses what it cannot take', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [
      posting(1000 + i),
      '2023-07-01',
      '4560',
      '7101',
      '',
      `${i},25`,
      '',
    ]);
    const res = await upload(csv([HEADER, ...rows])).expect(202);
    expect(res.body).toMatchObject({ rows: 10_000, accepted: 10_000 });
    const progress = logLines
      .filter((l) => l.includes('ledger import progress'))
      .map((l) => JSON.parse(l).rowsRead);
    expect(progress).toEqual([10_000]);

    await upload(csv([HEADER]), { source: UTBETALNING, token: LEDGER_ONLY_TOKEN }).expect(403);
    await upload('x'.repeat(2 * 1024 * 1024 + 1)).expect(413);
    await upload('{}', { contentType: 'application/json' }).expect(415);
    await http().post('/v1/imports/ledger').set('Content-Type', 'text/csv').send('a').expect(401);
    await drained();
  });

  it('documents the import in OpenAPI', async () => {
    const docs = (await http().get('/docs-json').expect(200)).body;
    const op = docs.paths['/v1/imports/ledger'].post;
    expect(Object.keys(op.requestBody.content)).toEqual(['text/csv']);
    expect(Object.keys(op.responses)).toEqual(
      expect.arrayContaining(['202', '403', '409', '413', '415', '422']),
    );
  });
});

describe('personnummer', () => {
  it('is nowhere in what payments publishes, stores or logs', async () => {
    await drained();
    const messages = [...published(TOPICS.ledger), ...published(TOPICS.payments)];
    const tables = await sql<{ row: string }>(`select t::text as row from "${schema}".event_store t`);
    expect(messages.length).toBeGreaterThan(3);
    expect(messages.flatMap((m) => findPersonnummer(m.value ?? ''))).toEqual([]);
    expect(tables.flatMap((r) => findPersonnummer(r.row))).toEqual([]);
    expect([...logLines, ...stdout.lines].flatMap((l) => findPersonnummer(l))).toEqual([]);
  });
});
