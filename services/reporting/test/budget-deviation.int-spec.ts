// GET /v1/reports/budget-deviation end to end through HTTP: the real reporting service (budget
// store in PostgreSQL, forecast client, report) against a fake forecast service that answers from
// the example's events. Reproduces test-fixtures/examples/expected.json, then the forecast columns.
import { divRoundHalfAwayFromZero } from '@ramprognos/money';
import { loadExampleFixtures } from '@ramprognos/testing';
import request from 'supertest';
import type { Canned, Period } from './support/fake-forecast-server';
import { FakeForecastServer } from './support/fake-forecast-server';
import { startExample, type ExampleSetup } from './support/example';
import { bearer, startReporting } from './support/reporting-app';

let example: ExampleSetup;
let admin: string;

beforeAll(async () => {
  example = await startExample();
  admin = await bearer(['admin'], 'ops.admin');
});
afterAll(async () => {
  await example?.close();
});

function report(query: string, authorization = admin) {
  return request(example.app.getHttpServer())
    .get(`/v1/reports/budget-deviation?${query}`)
    .set('Authorization', authorization);
}

const byCode = <T extends { code: string }>(rows: readonly T[]): T[] =>
  [...rows].sort((a, b) => (a.code < b.code ? -1 : 1));

describe('budget deviation reproduces test-fixtures/examples/expected.json through HTTP', () => {
  beforeEach(() => {
    example.forecast.forecasts = () => ({ status: 404 });
    example.forecast.snapshots = () => ({ status: 404 });
  });

  it('covers every expected case', () => {
    expect(example.fixtures.expected.length).toBeGreaterThanOrEqual(12);
  });

  it.each(
    loadExampleFixtures().expected.map(
      (c) => [`${c.groupBy} asOf=${c.asOf} knownAt=${c.knownAt ?? '(now)'}`, c] as const,
    ),
  )('%s', async (_name, c) => {
    const query = new URLSearchParams({ year: String(c.year), asOf: c.asOf, groupBy: c.groupBy });
    if (c.knownAt !== null) query.set('knownAt', c.knownAt);
    const res = await report(query.toString()).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({
      year: c.year,
      asOf: c.asOf,
      groupBy: c.groupBy,
      currency: 'SEK',
      unit: 'ore',
    });
    expect(res.body.knownAt).toBe(c.knownAt ?? '2025-01-01T00:00:00.000Z');
    const rows = res.body.rows.map((r: Record<string, unknown>) => ({
      code: r.code,
      annualBudget: r.annualBudget,
      budgetYtd: r.budgetYtd,
      actualYtd: r.actualYtd,
      deviationYtd: r.deviationYtd,
    }));
    expect(rows).toEqual(byCode(c.rows));
    expect(res.body.unclassified.actualYtd).toBe(c.unclassified.actualYtd);
    expect(res.body.unclassified.keyCount).toBe(res.body.unclassified.items.length);
    if (c.volumeActualYtd !== null) {
      const volumes = Object.fromEntries(
        res.body.rows
          .filter((r: { volume: unknown }) => r.volume !== null)
          .map((r: { code: string; volume: { actualYtd: number } }) => [r.code, r.volume.actualYtd]),
      );
      expect(volumes).toEqual(c.volumeActualYtd);
    }
    // Without the forecast engine every forecast figure is null, and the totals still add up.
    expect(res.body.rows.every((r: { forecastFullYear: unknown }) => r.forecastFullYear === null)).toBe(true);
    const sum = (field: string) =>
      res.body.rows.reduce((s: number, r: Record<string, number>) => s + r[field], 0);
    expect(res.body.total.actualYtd).toBe(sum('actualYtd') + c.unclassified.actualYtd);
    expect(res.body.total.deviationYtd).toBe(sum('deviationYtd') - c.unclassified.actualYtd);
    expect(res.body.subtotals.accountable.budgetYtd + res.body.subtotals.notAccountable.budgetYtd).toBe(
      res.body.total.budgetYtd,
    );
  });

  it('reads the forecast service with its own service token, never the caller’s', async () => {
    const before = example.forecast.received.length;
    const ekonom = await bearer(['ekonom'], 'eva.ekonom');
    await report('year=2023&asOf=2023-04-30&groupBy=frame', ekonom).expect(200);
    const sent = example.forecast.received.slice(before);
    expect(sent.map((r) => r.path.replace(/\?.*/, ''))).toEqual(
      expect.arrayContaining(['/v1/actuals', '/v1/queries/households', '/v1/forecasts', '/v1/snapshots']),
    );
    const tokens = new Set(sent.map((r) => r.authorization));
    expect(tokens.size).toBe(1);
    const [token] = [...tokens];
    expect(token).not.toBe(ekonom);
    const claims = JSON.parse(Buffer.from(String(token).split('.')[1], 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ sub: 'reporting', roles: ['service'] });
    expect(claims.exp * 1000).toBeGreaterThan(Date.now());
  });

  it('asks for the history of HISTORICAL lines year by year, at the same knownAt, until a year without data', async () => {
    const before = example.forecast.received.length;
    await report('year=2023&asOf=2023-08-31&groupBy=line&knownAt=2023-09-01T00:00:00Z').expect(200);
    const history = example.forecast.received
      .slice(before)
      .filter((r) => r.path.startsWith('/v1/actuals') && !r.path.includes('year=2023'))
      .map((r) => new URLSearchParams(r.path.split('?')[1]));
    expect(history.map((p) => p.get('year'))).toEqual(['2022', '2021', '2020', '2019', '2018', '2017']);
    expect(new Set(history.map((p) => `${p.get('asOf')?.slice(4)} ${p.get('knownAt')}`))).toEqual(
      new Set(['-12-31 2023-09-01T00:00:00Z']),
    );
  });
});

// ---------------------------------------------------------------- forecast columns

const FAMILJEHEM_EXTERN = 'placements|placementType=FAMILJEHEM|regi=EXTERN|targetGroup=BARN_UNGA';
const FORSORJNINGSSTOD = 'payments|category=FORSORJNINGSSTOD';
const UNCLASSIFIED_LEDGER = 'ledger|account=7999|activity=701|responsibility=STAB1';

const forecastKeys = (p: Period) => ({
  year: p.year,
  asOf: p.asOf,
  knownAt: p.knownAt,
  keys: [
    {
      key: FAMILJEHEM_EXTERN,
      actualYtd: '90000000',
      forecastFullYear: '200000000',
      low: '180000000',
      high: '220000000',
      method: 'commitments',
      volume: { unit: 'VARDDYGN', actualYtd: 600, forecastFullYear: 1500 },
      unitCost: '133333',
    },
    {
      key: FORSORJNINGSSTOD,
      actualYtd: '700000000',
      forecastFullYear: '1800000000',
      low: '1700000000',
      high: '1900000000',
      method: 'households-x-cost',
      volume: { unit: 'HUSHALLSMANADER', actualYtd: 1000, forecastFullYear: 1500 },
      unitCost: '1200000',
    },
    {
      key: UNCLASSIFIED_LEDGER,
      actualYtd: '3070359',
      forecastFullYear: '4000000',
      low: '3500000',
      high: '4500000',
      method: 'run-rate',
      volume: null,
      unitCost: null,
    },
  ],
});

describe('forecast columns: statistical forecast, adjustment, final forecast, previous snapshot, effects', () => {
  let body: request.Response['body'];
  const row = (code: string) => body.rows.find((r: { code: string }) => r.code === code);

  beforeAll(async () => {
    example.forecast.forecasts = (p): Canned => ({ status: 200, body: forecastKeys(p) });
    example.forecast.snapshots = (): Canned => ({
      status: 200,
      body: {
        snapshots: [
          { id: 'snap-06', year: 2023, asOf: '2023-06-30', knownAt: '2023-07-01T06:00:00Z' },
          { id: 'snap-07', year: 2023, asOf: '2023-07-31', knownAt: '2023-08-01T06:00:00Z' },
          // Not before the report's asOf, and published after its knownAt: neither is "previous".
          { id: 'snap-08', year: 2023, asOf: '2023-08-31', knownAt: '2023-09-01T06:00:00Z' },
        ],
      },
    });
    example.forecast.snapshot = (id): Canned =>
      id === 'snap-07'
        ? {
            status: 200,
            body: {
              id,
              year: 2023,
              asOf: '2023-07-31',
              knownAt: '2023-08-01T06:00:00Z',
              keys: [
                {
                  ...forecastKeys({ year: 2023, asOf: '2023-07-31', knownAt: '' }).keys[0],
                  forecastFullYear: '195000000',
                  low: '1',
                  high: '999999999',
                },
              ],
            },
          }
        : { status: 404 };
    const controller = await bearer(['controller'], 'karin.controller');
    const post = (decidedOn: string, amount: string, comment: string) =>
      request(example.app.getHttpServer())
        .post('/v1/forecast-adjustments')
        .set('Authorization', controller)
        .send({ year: 2023, line: 'IFO_FAMILJEHEM', decidedOn, amount, comment })
        .expect(201);
    await post('2023-06-01', '10000.00', 'Två placeringar förlängs');
    await post('2023-08-15', '50000.00', 'Tre placeringar förlängs, en ny i september');
    await post('2023-09-10', '-999999.00', 'Efter asOf: räknas inte i augustirapporten');
    body = (await report('year=2023&asOf=2023-08-31&groupBy=line').expect(200)).body;
  });

  it('shows the statistical forecast, the adjustment in force (latest decidedOn ≤ asOf) and the final forecast side by side', () => {
    expect(row('IFO_FAMILJEHEM')).toMatchObject({
      annualBudget: 190000000,
      forecastStatistical: 200000000,
      forecastAdjustment: 5000000,
      forecastFullYear: 205000000,
      forecastDeviation: -15000000,
      forecastLow: 185000000,
      forecastHigh: 225000000,
      method: 'commitments',
      forecastAdjustmentComment: 'Tre placeringar förlängs, en ny i september',
    });
    expect(row('EKB_UTBETALT')).toMatchObject({
      forecastStatistical: 1800000000,
      forecastAdjustment: 0,
      forecastFullYear: 1800000000,
      forecastDeviation: 100000000,
      method: 'households-x-cost',
      forecastAdjustmentComment: null,
    });
    expect(row('LOKALER')).toMatchObject({ forecastStatistical: 0, forecastFullYear: 0, method: null });
    expect(body.unclassified).toMatchObject({
      forecastFullYear: 4000000,
      forecastLow: 3500000,
      forecastHigh: 4500000,
    });
  });

  it('splits the forecast deviation into volume and price, exactly (SPEC §6)', () => {
    const familjehem = row('IFO_FAMILJEHEM');
    expect(familjehem.volume).toEqual({
      unit: 'VARDDYGN',
      budget: 1461,
      actualYtd: 929,
      forecastFullYear: 1500,
    });
    const volumeEffect = Number(divRoundHalfAwayFromZero((1461n - 1500n) * 190000000n, 1461n));
    expect(familjehem.volumeEffect).toBe(volumeEffect);
    expect(familjehem.priceEffect).toBe(-15000000 - volumeEffect);
    // Households: the line's own 1143 household-months grown like its keys (1000 → 1500).
    const ekb = row('EKB_UTBETALT');
    expect(ekb.volume).toEqual({
      unit: 'HUSHALLSMANADER',
      budget: 1736,
      actualYtd: 1143,
      forecastFullYear: 1715,
    });
    expect(ekb.volumeEffect + ekb.priceEffect).toBe(ekb.forecastDeviation);
    expect(ekb.volumeEffect).toBe(Number(divRoundHalfAwayFromZero((1736n - 1715n) * 1900000000n, 1736n)));
  });

  it('compares with the latest snapshot before asOf known at knownAt, with the adjustment in force then', () => {
    // snap-07: 195 000 000 + the adjustment of 2023-06-01 (1 000 000).
    expect(row('IFO_FAMILJEHEM').previousForecastDeviation).toBe(190000000 - 196000000);
    expect(row('LOKALER').previousForecastDeviation).toBe(row('LOKALER').annualBudget);
  });

  it('adds up: totals are the sums of the rows plus unclassified', () => {
    const sum = (field: string) =>
      body.rows.reduce((s: number, r: Record<string, number>) => s + r[field], 0);
    expect(body.total.forecastFullYear).toBe(sum('forecastFullYear') + 4000000);
    expect(body.total.forecastAdjustment).toBe(5000000);
    expect(body.subtotals.accountable.forecastFullYear + body.subtotals.notAccountable.forecastFullYear).toBe(
      sum('forecastFullYear'),
    );
  });

  it('takes the adjustment in force at an earlier asOf; a previous snapshot that is gone leaves the change unknown', async () => {
    const july = (await report('year=2023&asOf=2023-07-31&groupBy=line').expect(200)).body;
    expect(july.rows.find((r: { code: string }) => r.code === 'IFO_FAMILJEHEM')).toMatchObject({
      forecastAdjustment: 1000000,
      forecastAdjustmentComment: 'Två placeringar förlängs',
      previousForecastDeviation: null,
    });
    expect(july.total.previousForecastDeviation).toBeNull();
  });

  it('groups the forecast per frame and area', async () => {
    const frames = (await report('year=2023&asOf=2023-08-31&groupBy=frame').expect(200)).body;
    const asn = frames.rows.find((r: { code: string }) => r.code === 'ASN');
    expect(asn.forecastAdjustment).toBe(5000000);
    expect(asn.volume).toBeNull();
    expect(frames.total.forecastFullYear).toBe(body.total.forecastFullYear);
  });
});

// ---------------------------------------------------------------- parameters and failures

describe('parameters', () => {
  it.each([
    ['year=2023&asOf=2023-08-31', 'groupBy'],
    ['year=2023&asOf=2023-08-31&groupBy=ram', 'groupBy'],
    ['year=2023&asOf=2022-08-31&groupBy=line', 'asOf'],
    ['year=2023&asOf=2023-02-30&groupBy=line', 'asOf'],
    ['year=2023&groupBy=line', 'asOf'],
    ['year=23&asOf=2023-08-31&groupBy=line', 'year'],
    ['year=2023&asOf=2023-08-31&groupBy=line&knownAt=yesterday', 'knownAt'],
    ['year=2023&asOf=2023-08-31&groupBy=line&format=pdf', 'format'],
  ])('%s → 400 naming %s', async (query, field) => {
    const res = await report(query).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('answers 406 to an Accept it cannot satisfy, 404 for a year without a budget', async () => {
    await report('year=2023&asOf=2023-08-31&groupBy=line').set('Accept', 'application/pdf').expect(406);
    const res = await report('year=2024&asOf=2024-08-31&groupBy=line').expect(404);
    expect(res.body.errors[0]).toMatchObject({ field: 'year' });
  });
});

describe('when the forecast service fails', () => {
  const query = '/v1/reports/budget-deviation?year=2023&asOf=2023-08-31&groupBy=frame';

  async function adopted(forecastUrl: string, timeoutMs?: number) {
    const reporting = await startReporting({ forecastUrl, timeoutMs });
    await request(reporting.app.getHttpServer())
      .post('/v1/budgets')
      .set('Authorization', admin)
      .send(example.fixtures.budget)
      .expect(201);
    return reporting;
  }

  it('answers 503 when it is not reachable', async () => {
    const closed = await new FakeForecastServer([]).start();
    const url = closed.url;
    await closed.stop();
    const reporting = await adopted(url);
    try {
      const res = await request(reporting.app.getHttpServer())
        .get(query)
        .set('Authorization', admin)
        .expect(503);
      expect(res.body.errors[0]).toEqual({
        field: 'forecast',
        message: 'the forecast service is not reachable; try again shortly',
      });
      await request(reporting.app.getHttpServer()).get('/v1/status').expect(503);
    } finally {
      await reporting.close();
    }
  });

  it('answers 503 when it does not answer in time, 502 on an error or an answer off the contract', async () => {
    const slow = await new FakeForecastServer([]).start();
    const reporting = await adopted(slow.url, 300);
    const get = () => request(reporting.app.getHttpServer()).get(query).set('Authorization', admin);
    try {
      slow.delayMs = 1000;
      expect((await get().expect(503)).body.errors[0].message).toBe(
        'the forecast service did not answer within 300 ms; try again shortly',
      );
      slow.delayMs = 0;
      slow.fail = { status: 500, body: { errors: [{ message: 'internal error' }] } };
      expect((await get().expect(502)).body.errors[0].message).toBe('the forecast service answered 500');
      slow.fail = { status: 401 };
      expect((await get().expect(502)).body.errors[0].message).toMatch(/refused the caller's token/);
      slow.fail = {
        status: 200,
        body: {
          year: 2023,
          asOf: '2023-08-31',
          knownAt: 'x',
          keys: [{ key: 'ledger|account=1', months: [{ month: '2023-01', amount: 12.5 }] }],
        },
      };
      expect((await get().expect(502)).body.errors[0].message).toMatch(
        /does not follow the contract \(keys\.0\.months\.0\.amount/,
      );
      slow.fail = null;
      await get().expect(200);
    } finally {
      await reporting.close();
      await slow.stop();
    }
  });
});
