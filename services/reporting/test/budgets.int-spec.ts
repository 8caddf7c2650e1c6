// Budgets and forecast adjustments over HTTP against real PostgreSQL: adoption, adjustments,
// the budget with its history, validation, idempotency, concurrency, and a restart.
import { loadExampleFixtures } from '@ramprognos/testing';
import request from 'supertest';
import { bearer, sql, startReporting, TestClock, type ReportingApp } from './support/reporting-app';

const fixtures = loadExampleFixtures();
const clock = new TestClock(new Date('2023-01-10T09:00:00.000Z'));
let reporting: ReportingApp;
let controller: string;
let admin: string;
let ekonom: string;

const server = () => reporting.app.getHttpServer();
const budgetOf = (year: number) => ({ ...structuredClone(fixtures.budget), year });

beforeAll(async () => {
  reporting = await startReporting({ forecastUrl: 'http://127.0.0.1:9', clock });
  controller = await bearer(['controller'], 'karin.controller');
  admin = await bearer(['admin'], 'ops.admin');
  ekonom = await bearer(['ekonom'], 'eva.ekonom');
});
afterAll(async () => {
  await reporting?.close();
});

describe('POST /v1/budgets and GET /v1/budgets/{year}', () => {
  it('adopts a budget, records who and when, and reads it back with its history', async () => {
    const res = await request(server())
      .post('/v1/budgets')
      .set('Authorization', controller)
      .send(budgetOf(2031))
      .expect(201);
    expect(res.headers.location).toBe('/v1/budgets/2031');
    expect(res.body.history).toEqual([
      {
        seq: 1,
        type: 'BudgetAdopted',
        recordedAt: '2023-01-10T09:00:00.000Z',
        recordedBy: 'karin.controller',
      },
    ]);
    const read = await request(server()).get('/v1/budgets/2031').set('Authorization', ekonom).expect(200);
    expect(read.body).toEqual(res.body);
    expect(read.body.lines.map((l: { code: string }) => l.code)).toEqual(
      fixtures.budget.lines.map((l) => l.code),
    );
    expect(read.body.lines[0]).toMatchObject({
      annualBudget: '19000000.00',
      adoptedAnnualBudget: '19000000.00',
    });
    const rows = await sql<{ seq: number; type: string; recorded_by: string }>(
      `select seq, type, recorded_by from "${reporting.schema}".budget_events where year = 2031`,
    );
    expect(rows).toEqual([{ seq: 1, type: 'BudgetAdopted', recorded_by: 'karin.controller' }]);
  });

  it('refuses a second adoption of the year (409) and answers 404 for a year without a budget', async () => {
    await request(server()).post('/v1/budgets').set('Authorization', admin).send(budgetOf(2032)).expect(201);
    const again = await request(server())
      .post('/v1/budgets')
      .set('Authorization', admin)
      .send(budgetOf(2032))
      .expect(409);
    expect(again.body.errors[0]).toMatchObject({ field: 'year' });
    const none = await request(server()).get('/v1/budgets/2099').set('Authorization', ekonom).expect(404);
    expect(none.body.errors[0]).toEqual({ field: 'year', message: 'no budget is adopted for 2099' });
    await request(server()).get('/v1/budgets/twenty').set('Authorization', ekonom).expect(400);
  });

  it('lists every problem of a budget by field (422)', async () => {
    const budget = budgetOf(2033);
    const lines = budget.lines as unknown as Record<string, unknown>[];
    lines[0].frame = 'NOPE';
    lines[1].area = 'NOPE';
    lines[2].code = lines[3].code;
    lines[4].profile = Array(12).fill(0.1);
    lines[5].match = [{ stream: 'placements', colour: ['RED'] }];
    lines[6].match = [{ stream: 'placements', placementType: ['CASTLE'] }];
    const res = await request(server())
      .post('/v1/budgets')
      .set('Authorization', controller)
      .send(budget)
      .expect(422);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'lines[0].frame',
        'lines[1].area',
        'lines[3].code',
        'lines[4].profile',
        'lines[5].match[0].colour',
        'lines[6].match[0].placementType[0]',
      ]),
    );
    await request(server()).get('/v1/budgets/2033').set('Authorization', ekonom).expect(404);
  });
});

describe('POST /v1/budgets/{year}/adjustments', () => {
  const adjust = (year: number, body: unknown, token = controller) =>
    request(server())
      .post(`/v1/budgets/${year}/adjustments`)
      .set('Authorization', token)
      .send(body as object);

  beforeAll(async () => {
    await request(server())
      .post('/v1/budgets')
      .set('Authorization', controller)
      .send(budgetOf(2034))
      .expect(201);
  });

  it('records an omfördelning and a tilläggsanslag, changes the annual budgets, keeps the history', async () => {
    clock.set('2034-05-16T10:00:00.000Z');
    const first = { ...fixtures.adjustments[0], decidedOn: '2034-05-15' };
    await adjust(2034, first).expect(201);
    clock.set('2034-06-21T10:00:00.000Z');
    const res = await adjust(2034, { ...fixtures.adjustments[1], decidedOn: '2034-06-20' }, admin).expect(
      201,
    );
    const line = (code: string) => res.body.lines.find((l: { code: string }) => l.code === code);
    expect(line('STAB_RESERV')).toMatchObject({
      annualBudget: '760000.00',
      adoptedAnnualBudget: '1300000.00',
    });
    expect(line('AMA_ANSTALLNINGAR')).toMatchObject({
      annualBudget: '2960000.00',
      adoptedAnnualBudget: '2500000.00',
    });
    expect(res.body.history.slice(1)).toEqual([
      {
        seq: 2,
        type: 'BudgetAdjusted',
        recordedAt: '2034-05-16T10:00:00.000Z',
        recordedBy: 'karin.controller',
        adjustmentId: 'ADJ-2023-1',
        kind: 'OMFORDELNING',
        decidedOn: '2034-05-15',
        text: first.text,
      },
      {
        seq: 3,
        type: 'BudgetAdjusted',
        recordedAt: '2034-06-21T10:00:00.000Z',
        recordedBy: 'ops.admin',
        adjustmentId: 'ADJ-2023-2',
        kind: 'TILLAGG',
        decidedOn: '2034-06-20',
        text: 'Jobbpakt',
      },
    ]);
    expect(res.body.adjustments).toHaveLength(2);
  });

  it('takes the same adjustment again as done (200, nothing recorded) and refuses its id with other content (409)', async () => {
    const same = {
      ...fixtures.adjustments[0],
      decidedOn: '2034-05-15',
      changes: fixtures.adjustments[0].changes.map((c) => ({ ...c, amount: c.amount.replace('.00', '') })),
    };
    const res = await adjust(2034, same).expect(200);
    expect(res.body.history).toHaveLength(3);
    const other = await adjust(2034, { ...same, text: 'Något annat' }).expect(409);
    expect(other.body.errors[0]).toMatchObject({ field: 'adjustmentId' });
  });

  it('refuses an omfördelning that does not sum to zero, an unknown line, a year without a budget', async () => {
    const unbalanced = await adjust(2034, {
      adjustmentId: 'X-1',
      decidedOn: '2034-07-01',
      kind: 'OMFORDELNING',
      changes: [
        { line: 'STAB_RESERV', amount: '-100.00' },
        { line: 'HEM_AKUT', amount: '99.99' },
      ],
    }).expect(422);
    expect(unbalanced.body.errors).toEqual([
      { field: 'changes', message: 'must sum to zero for an OMFORDELNING' },
    ]);
    const unknown = await adjust(2034, {
      adjustmentId: 'X-2',
      decidedOn: '2034-07-01',
      kind: 'TILLAGG',
      changes: [{ line: 'NO_SUCH_LINE', amount: '100.00' }],
    }).expect(422);
    expect(unknown.body.errors).toEqual([
      { field: 'changes[0].line', message: 'is not a line of this budget' },
    ]);
    const minskning = await adjust(2034, {
      adjustmentId: 'X-3',
      decidedOn: '2034-07-01',
      kind: 'MINSKNING',
      changes: [{ line: 'HEM_AKUT', amount: '5.00' }],
    }).expect(422);
    expect(minskning.body.errors[0].field).toBe('changes');
    await adjust(2098, { ...fixtures.adjustments[0], decidedOn: '2098-05-15' }).expect(404);
    await adjust(2034, { ...fixtures.adjustments[0], adjustmentId: 'X-4', decidedOn: '2034-02-30' }).expect(
      422,
    );
  });

  it('appends concurrent adjustments one after the other, with no seq lost or repeated', async () => {
    await request(server())
      .post('/v1/budgets')
      .set('Authorization', controller)
      .send(budgetOf(2035))
      .expect(201);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        adjust(2035, {
          adjustmentId: `PAR-${i}`,
          decidedOn: '2035-03-01',
          kind: 'TILLAGG',
          changes: [{ line: 'HEM_AKUT', amount: '1.00' }],
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    const rows = await sql<{ seq: number }>(
      `select seq from "${reporting.schema}".budget_events where year = 2035 order by seq`,
    );
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const read = await request(server()).get('/v1/budgets/2035').set('Authorization', ekonom).expect(200);
    expect(read.body.lines.find((l: { code: string }) => l.code === 'HEM_AKUT').annualBudget).toBe(
      '100008.00',
    );
  });

  it('lets exactly one of concurrent adoptions of a year through', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        request(server()).post('/v1/budgets').set('Authorization', controller).send(budgetOf(2036)),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });
});

describe('POST and GET /v1/forecast-adjustments', () => {
  beforeAll(async () => {
    await request(server())
      .post('/v1/budgets')
      .set('Authorization', controller)
      .send(budgetOf(2037))
      .expect(201);
  });
  const post = (body: unknown, token = controller) =>
    request(server())
      .post('/v1/forecast-adjustments')
      .set('Authorization', token)
      .send(body as object);

  it('records a judgement with who and when, and lists the year’s in recording order', async () => {
    clock.set('2037-09-02T07:30:00.000Z');
    const res = await post({
      year: 2037,
      line: 'IFO_FAMILJEHEM',
      decidedOn: '2037-09-01',
      amount: '-1250000.50',
      comment: 'Färre placeringar än statistiken tror',
    }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      year: 2037,
      line: 'IFO_FAMILJEHEM',
      decidedOn: '2037-09-01',
      amount: '-1250000.50',
      comment: 'Färre placeringar än statistiken tror',
      recordedAt: '2037-09-02T07:30:00.000Z',
      recordedBy: 'karin.controller',
    });
    await post(
      { year: 2037, line: 'IFO_FAMILJEHEM', decidedOn: '2037-10-01', amount: '0', comment: 'Återtagen' },
      admin,
    ).expect(201);
    const list = await request(server())
      .get('/v1/forecast-adjustments?year=2037')
      .set('Authorization', ekonom)
      .expect(200);
    expect(
      list.body.adjustments.map((a: { amount: string; recordedBy: string }) => [a.amount, a.recordedBy]),
    ).toEqual([
      ['-1250000.50', 'karin.controller'],
      ['0.00', 'ops.admin'],
    ]);
  });

  it('refuses an unknown line, a date outside the year, a bad amount or no comment (422), a year without a budget (404)', async () => {
    const base = {
      year: 2037,
      line: 'IFO_FAMILJEHEM',
      decidedOn: '2037-09-01',
      amount: '100.00',
      comment: 'ok',
    };
    const fieldsOf = async (body: unknown) =>
      (await post(body).expect(422)).body.errors.map((e: { field: string }) => e.field);
    expect(await fieldsOf({ ...base, line: 'NOPE' })).toEqual(['line']);
    expect(await fieldsOf({ ...base, line: 'OKLASSIFICERAT' })).toEqual(['line']);
    expect(await fieldsOf({ ...base, decidedOn: '2036-12-31' })).toEqual(['decidedOn']);
    expect(await fieldsOf({ ...base, amount: '1.005' })).toEqual(['amount']);
    expect(await fieldsOf({ ...base, amount: 100 })).toEqual(['amount']);
    expect(await fieldsOf({ ...base, comment: '   ' })).toEqual(['comment']);
    expect(await fieldsOf({ ...base, extra: 1 })).toEqual(['extra']);
    await post({ ...base, year: 2097, decidedOn: '2097-01-01' }).expect(404);
  });
});

it('keeps everything across a restart on the same schema', async () => {
  const before = await request(server()).get('/v1/budgets/2034').set('Authorization', ekonom).expect(200);
  await reporting.close(true);
  reporting = await startReporting({ forecastUrl: 'http://127.0.0.1:9', clock, schema: reporting.schema });
  const after = await request(server()).get('/v1/budgets/2034').set('Authorization', ekonom).expect(200);
  expect(after.body).toEqual(before.body);
  const list = await request(server())
    .get('/v1/forecast-adjustments?year=2037')
    .set('Authorization', ekonom)
    .expect(200);
  expect(list.body.adjustments).toHaveLength(2);
});
