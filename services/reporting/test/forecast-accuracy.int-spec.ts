// GET /v1/reports/forecast-accuracy: each snapshot's forecast per line and frame against the
// outcome, which the reference calculator (libs/testing) works out independently.
import { computeReport, type ReferenceReport } from '@ramprognos/testing';
import request from 'supertest';
import type { Canned } from './support/fake-forecast-server';
import { AFTER_EVERYTHING, startExample, type ExampleSetup } from './support/example';
import { bearer } from './support/reporting-app';

const FAMILJEHEM_EXTERN = 'placements|placementType=FAMILJEHEM|regi=EXTERN|targetGroup=BARN_UNGA';
const LEDGER_UNCLASSIFIED = 'ledger|account=7999|activity=701|responsibility=STAB1';

let example: ExampleSetup;
let ekonom: string;
let outcome: ReferenceReport;

const key = (k: string, forecastFullYear: string) => ({
  key: k,
  forecastFullYear,
  low: '0',
  high: '999999999999',
  method: 'run-rate',
  volume: null,
});

beforeAll(async () => {
  example = await startExample();
  ekonom = await bearer(['ekonom'], 'eva.ekonom');
  example.forecast.snapshots = (): Canned => ({
    status: 200,
    body: [
      { id: 'aug', year: 2023, asOf: '2023-08-31', knownAt: '2023-09-01T06:00:00Z' },
      { id: 'apr', year: 2023, asOf: '2023-04-30', knownAt: '2023-05-01T06:00:00Z' },
      { id: 'other-year', year: 2022, asOf: '2022-12-31' },
    ],
  });
  const details: Record<string, unknown> = {
    apr: {
      id: 'apr',
      year: 2023,
      asOf: '2023-04-30',
      knownAt: '2023-05-01T06:00:00Z',
      keys: [key(FAMILJEHEM_EXTERN, '180000000')],
    },
    aug: {
      id: 'aug',
      year: 2023,
      asOf: '2023-08-31',
      knownAt: '2023-09-01T06:00:00Z',
      keys: [key(FAMILJEHEM_EXTERN, '150000000'), key(LEDGER_UNCLASSIFIED, '5000000')],
    },
  };
  example.forecast.snapshot = (id): Canned =>
    id in details ? { status: 200, body: details[id] } : { status: 404 };
  await request(example.app.getHttpServer())
    .post('/v1/forecast-adjustments')
    .set('Authorization', await bearer(['controller']))
    .send({
      year: 2023,
      line: 'IFO_FAMILJEHEM',
      decidedOn: '2023-08-01',
      amount: '100000.00',
      comment: 'Två dyra placeringar',
    })
    .expect(201);
  const { budget, adjustments, events } = example.fixtures;
  outcome = computeReport({
    budget,
    adjustments,
    events,
    year: 2023,
    asOf: '2023-12-31',
    knownAt: null,
    groupBy: 'line',
  });
});
afterAll(async () => {
  await example?.close();
});

const actualOf = (code: string) => Number(outcome.rows.find((r) => r.code === code)?.actualYtd);

describe('forecast accuracy', () => {
  it('compares each snapshot, oldest first, with the closed year’s outcome per line, frame and in total', async () => {
    const res = await request(example.app.getHttpServer())
      .get('/v1/reports/forecast-accuracy?year=2023')
      .set('Authorization', ekonom)
      .expect(200);
    expect(res.body).toMatchObject({
      year: 2023,
      currency: 'SEK',
      unit: 'ore',
      outcome: { asOf: '2023-12-31', knownAt: AFTER_EVERYTHING, final: true },
    });
    expect(res.body.snapshots.map((s: { id: string }) => s.id)).toEqual(['apr', 'aug']);
    const [apr, aug] = res.body.snapshots;
    const familjehem = actualOf('IFO_FAMILJEHEM');
    expect(apr.lines.find((l: { code: string }) => l.code === 'IFO_FAMILJEHEM')).toEqual({
      code: 'IFO_FAMILJEHEM',
      name: 'Familjehem och jourhem',
      forecastStatistical: 180000000,
      forecastAdjustment: 0,
      forecastFullYear: 180000000,
      outcome: familjehem,
      error: 180000000 - familjehem,
      errorPercent: Math.round(((180000000 - familjehem) / familjehem) * 1000) / 10,
    });
    // The August snapshot carries the adjustment decided 2023-08-01.
    expect(aug.lines.find((l: { code: string }) => l.code === 'IFO_FAMILJEHEM')).toMatchObject({
      forecastStatistical: 150000000,
      forecastAdjustment: 10000000,
      forecastFullYear: 160000000,
      error: 160000000 - familjehem,
    });
    const statsbidrag = aug.lines.find((l: { code: string }) => l.code === 'STATSBIDRAG');
    expect(statsbidrag).toMatchObject({
      forecastFullYear: 0,
      outcome: actualOf('STATSBIDRAG'),
      error: -actualOf('STATSBIDRAG'),
    });
    // A revenue line's error in per cent is relative to the size of its outcome: too low a forecast of revenue is +.
    expect(statsbidrag.errorPercent).toBe(100);
    expect(aug.unclassified).toMatchObject({
      forecastFullYear: 5000000,
      outcome: Number(outcome.unclassified.actualYtd),
    });
    expect(aug.total.outcome).toBe(Number(outcome.total.actualYtd));
    expect(aug.total.forecastFullYear).toBe(160000000 + 5000000);
    const asn = aug.frames.find((f: { code: string }) => f.code === 'ASN');
    const asnLines = aug.lines.filter((l: { code: string }) =>
      example.fixtures.budget.lines.some((b) => b.code === l.code && b.frame === 'ASN'),
    );
    expect(asn.error).toBe(asnLines.reduce((s: number, l: { error: number }) => s + l.error, 0));
  });

  it('before the year is closed, compares with the latest actuals', async () => {
    example.clock.set('2023-09-10T12:00:00Z');
    try {
      const res = await request(example.app.getHttpServer())
        .get('/v1/reports/forecast-accuracy?year=2023')
        .set('Authorization', ekonom)
        .expect(200);
      expect(res.body.outcome).toEqual({
        asOf: '2023-09-10',
        knownAt: '2023-09-10T12:00:00.000Z',
        final: false,
      });
      const partial = computeReport({
        ...example.fixtures,
        year: 2023,
        asOf: '2023-09-10',
        knownAt: '2023-09-10T12:00:00Z',
        groupBy: 'line',
      });
      const line = res.body.snapshots[0].lines.find((l: { code: string }) => l.code === 'PERSONAL_IFO');
      expect(line.outcome).toBe(Number(partial.rows.find((r) => r.code === 'PERSONAL_IFO')?.actualYtd));
    } finally {
      example.clock.set(AFTER_EVERYTHING);
    }
  });

  it('is empty without snapshots (no forecast engine yet), 404 without a budget, 400 for a bad year', async () => {
    example.forecast.snapshots = () => ({ status: 404 });
    const server = example.app.getHttpServer();
    const res = await request(server)
      .get('/v1/reports/forecast-accuracy?year=2023')
      .set('Authorization', ekonom)
      .expect(200);
    expect(res.body.snapshots).toEqual([]);
    await request(server)
      .get('/v1/reports/forecast-accuracy?year=2024')
      .set('Authorization', ekonom)
      .expect(404);
    const bad = await request(server)
      .get('/v1/reports/forecast-accuracy?year=next')
      .set('Authorization', ekonom)
      .expect(400);
    expect(bad.body.errors[0].field).toBe('year');
  });
});
