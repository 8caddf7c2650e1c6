// SPEC §8: counts of 1–4 are not shown to the ekonom role, neither directly, nor as the difference
// of two reports (any asOf, any knownAt), nor through an aggregate minus the other rows; controllers
// and admins see them. services/reporting/README.md, "Small counts" (P1–P3).
import type { ReferenceEvent } from '@ramprognos/testing';
import request from 'supertest';
import { binary, parseCsv } from './support/csv';
import { FakeForecastServer, type Canned, type Period } from './support/fake-forecast-server';
import { bearer, sql, startReporting, type ReportingApp } from './support/reporting-app';

let seq = 0;
const event = (type: string, time: string, data: Record<string, unknown>): ReferenceEvent => ({
  source: 'urn:system:test',
  id: `e-${++seq}`,
  type: `se.socialtjanst.${type}.v1`,
  time,
  data,
});
const placement = (
  id: string,
  placementType: string,
  startDate: string,
  endDate?: string,
): ReferenceEvent[] => [
  event('placement.started', `${startDate}T08:00:00Z`, {
    placementId: id,
    caseId: `C-${id}`,
    placementType,
    regi: 'EXTERN',
    targetGroup: 'BARN_UNGA',
    startDate,
    dailyRate: '1000.00',
  }),
  ...(endDate === undefined
    ? []
    : [event('placement.ended', `${endDate}T08:00:00Z`, { placementId: id, endDate })]),
];
const payment = (household: string, paidOn: string): ReferenceEvent =>
  event('payment.disbursed', `${paidOn}T12:00:00Z`, {
    paymentId: `P-${household}-${paidOn}`,
    caseId: `C-${household}`,
    householdId: household,
    paidOn,
    benefitMonth: paidOn.slice(0, 7),
    amount: '1000.00',
    components: [{ category: 'FORSORJNINGSSTOD', amount: '1000.00' }],
  });

const EVENTS: ReferenceEvent[] = [
  // HVB: three care days in March (R1).
  ...placement('HVB-1', 'HVB', '2023-03-01', '2023-03-03'),
  // Familjehem: one placement all year, 31 + 28 + 31 days: never small.
  ...placement('FH-1', 'FAMILJEHEM', '2023-01-01'),
  // Ekonomiskt bistånd: 6 households in January, 3 in February (R2: 9 in all, but February alone is 3).
  ...['H1', 'H2', 'H3', 'H4', 'H5', 'H6'].map((h) => payment(h, '2023-01-25')),
  ...['H1', 'H2', 'H3'].map((h) => payment(h, '2023-02-24')),
  // SIS: ten days in March recorded on time, and three more registered on 20 April, after March was
  // published (10 April): a controller's knownAt 15 April and now differ by them; the ekonom's never.
  ...placement('SIS-1', 'SIS', '2023-03-10', '2023-03-19'),
  ...placement('SIS-2', 'SIS', '2023-03-20', '2023-03-22').map((e) => ({ ...e, time: '2023-04-20T08:00:00Z' })),
];

const BUDGET = {
  year: 2023,
  frames: [
    { code: 'KB', name: 'Kommunbidrag', accountable: true },
    { code: 'FH', name: 'Familjehem', accountable: true },
    { code: 'EKB', name: 'Ekonomiskt bistånd', accountable: false },
    { code: 'SIS', name: 'SiS', accountable: true },
  ],
  areas: [
    { code: 'IFO', name: 'Individ och familj' },
    { code: 'FAM', name: 'Familjehem' },
    { code: 'AMA', name: 'Arbetsmarknad' },
    { code: 'SISA', name: 'SiS' },
  ],
  lines: [
    {
      code: 'HVB',
      name: 'HVB',
      frame: 'KB',
      area: 'IFO',
      annualBudget: '100000.00',
      profile: 'EVEN',
      volume: { unit: 'VARDDYGN', annual: 100 },
      match: [{ stream: 'placements', placementType: 'HVB' }],
    },
    {
      code: 'FAMILJEHEM',
      name: 'Familjehem',
      frame: 'FH',
      area: 'FAM',
      annualBudget: '365000.00',
      profile: 'DAYS',
      volume: { unit: 'VARDDYGN', annual: 365 },
      match: [{ stream: 'placements', placementType: 'FAMILJEHEM' }],
    },
    {
      code: 'EKB',
      name: 'Ekonomiskt bistånd',
      frame: 'EKB',
      area: 'AMA',
      annualBudget: '120000.00',
      profile: 'EVEN',
      volume: { unit: 'HUSHALLSMANADER', annual: 120 },
      match: [{ stream: 'payments', category: 'FORSORJNINGSSTOD' }],
    },
    {
      code: 'SIS',
      name: 'SiS',
      frame: 'SIS',
      area: 'SISA',
      annualBudget: '50000.00',
      profile: 'EVEN',
      volume: { unit: 'VARDDYGN', annual: 50 },
      match: [{ stream: 'placements', placementType: 'SIS' }],
    },
  ],
};

const forecastOf = (p: Period): Canned => ({
  status: 200,
  body: {
    ...p,
    keys: [
      {
        key: 'placements|placementType=HVB|regi=EXTERN|targetGroup=BARN_UNGA',
        forecastFullYear: '1000000',
        low: '900000',
        high: '1100000',
        method: 'commitments',
        volume: { unit: 'VARDDYGN', actualYtd: 3, forecastFullYear: 10 },
      },
      {
        key: 'placements|placementType=FAMILJEHEM|regi=EXTERN|targetGroup=BARN_UNGA',
        forecastFullYear: '36500000',
        low: '36000000',
        high: '37000000',
        method: 'commitments',
        volume: { unit: 'VARDDYGN', actualYtd: 90, forecastFullYear: 365 },
      },
      {
        key: 'payments|category=FORSORJNINGSSTOD',
        forecastFullYear: '3000000',
        low: '2500000',
        high: '3500000',
        method: 'households-x-cost',
        volume: { unit: 'HUSHALLSMANADER', actualYtd: 9, forecastFullYear: 30 },
      },
    ],
  },
});

let forecast: FakeForecastServer;
let reporting: ReportingApp;
let ekonom: string;
let controller: string;

beforeAll(async () => {
  forecast = await new FakeForecastServer(EVENTS).start();
  forecast.forecasts = forecastOf;
  reporting = await startReporting({ forecastUrl: forecast.url });
  ekonom = await bearer(['ekonom'], 'eva.ekonom');
  controller = await bearer(['controller'], 'karin.controller');
  await request(reporting.app.getHttpServer())
    .post('/v1/budgets')
    .set('Authorization', controller)
    .send(BUDGET)
    .expect(201);
});
afterAll(async () => {
  await reporting?.close();
  await forecast?.stop();
});

async function report(authorization: string, asOf: string, groupBy: string, knownAt?: string) {
  const res = await request(reporting.app.getHttpServer())
    .get(
      `/v1/reports/budget-deviation?year=2023&asOf=${asOf}&groupBy=${groupBy}${knownAt === undefined ? '' : `&knownAt=${knownAt}`}`,
    )
    .set('Authorization', authorization)
    .expect(200);
  return res.body as request.Response['body'];
}
const row = (body: request.Response['body'], code: string) =>
  body.rows.find((r: { code: string }) => r.code === code);

describe('small counts for the ekonom role', () => {
  it('controllers see every count', async () => {
    const body = await report(controller, '2023-03-31', 'line');
    expect(row(body, 'HVB').volume).toEqual({
      unit: 'VARDDYGN',
      budget: 100,
      actualYtd: 3,
      forecastFullYear: 10,
    });
    expect(row(body, 'EKB').volume).toEqual({
      unit: 'HUSHALLSMANADER',
      budget: 120,
      actualYtd: 9,
      forecastFullYear: 30,
    });
    expect(body.rows.every((r: { suppressed?: unknown }) => r.suppressed === undefined)).toBe(true);
  });

  it('P2: a count of 1–4 is withheld, with the effects that would give it back; money is not', async () => {
    const body = await report(ekonom, '2023-03-31', 'line');
    expect(row(body, 'HVB')).toMatchObject({
      actualYtd: 300000,
      forecastFullYear: 1000000,
      volume: { unit: 'VARDDYGN', budget: 100, actualYtd: null, forecastFullYear: null, suppressed: true },
      volumeEffect: null,
      priceEffect: null,
      suppressed: ['volume.actualYtd', 'volume.forecastFullYear', 'volumeEffect', 'priceEffect'],
    });
    expect(row(body, 'FAMILJEHEM').volume).toEqual({
      unit: 'VARDDYGN',
      budget: 365,
      actualYtd: 90,
      forecastFullYear: 365,
    });
    expect(row(body, 'FAMILJEHEM').volumeEffect).toBe(0);
  });

  it('P2: a published month of 1–4 withholds the line’s counts, so month-end reports cannot be subtracted', async () => {
    expect(row(await report(ekonom, '2023-01-31', 'line'), 'EKB').volume.actualYtd).toBe(6);
    for (const asOf of ['2023-02-28', '2023-03-31']) {
      expect(row(await report(ekonom, asOf, 'line'), 'EKB').volume).toMatchObject({
        actualYtd: null,
        suppressed: true,
      });
    }
    expect(row(await report(controller, '2023-02-28', 'line'), 'EKB').volume.actualYtd).toBe(9);
  });

  it('P1: every day of a month shows the counts published through the month before; the day cannot be subtracted', async () => {
    const days = await Promise.all(
      ['2023-03-15', '2023-03-16', '2023-03-30'].map((asOf) => report(ekonom, asOf, 'line')),
    );
    for (const body of days) {
      expect(body.volumesPublished).toEqual({ through: '2023-02-28', knownAt: '2023-03-10T00:00:00.000Z' });
      expect(row(body, 'FAMILJEHEM').volume.actualYtd).toBe(31 + 28);
      expect(row(body, 'EKB').volume).toMatchObject({ actualYtd: null, suppressed: true });
    }
    expect(row(await report(ekonom, '2023-02-25', 'line'), 'EKB').volume.actualYtd).toBe(6); // January's
    // What a controller sees: one day apart, one placement-day apart.
    const [a, b] = await Promise.all(['2023-03-15', '2023-03-16'].map((d) => report(controller, d, 'line')));
    expect(row(b, 'FAMILJEHEM').volume.actualYtd - row(a, 'FAMILJEHEM').volume.actualYtd).toBe(1);
  });

  it('P1: a month is published once, at its own knowledge time: a late registration or another knownAt changes nothing', async () => {
    // The controller: March's SIS days as known on 15 April, and now, differ by the late three.
    const [april, now] = await Promise.all([
      report(controller, '2023-03-31', 'line', '2023-04-15T00:00:00Z'),
      report(controller, '2023-03-31', 'line'),
    ]);
    expect([row(april, 'SIS').volume.actualYtd, row(now, 'SIS').volume.actualYtd]).toEqual([10, 13]);
    // The ekonom: March as published on 10 April, whatever the knownAt asked for.
    for (const knownAt of ['2023-04-15T00:00:00Z', '2023-06-01T00:00:00Z', undefined]) {
      const body = await report(ekonom, '2023-03-31', 'line', knownAt);
      expect(row(body, 'SIS').volume.actualYtd).toBe(10);
      expect(body.volumesPublished).toEqual({ through: '2023-03-31', knownAt: '2023-04-10T00:00:00.000Z' });
    }
    // Before March is published, the ekonom sees February at most.
    const early = await report(ekonom, '2023-03-31', 'line', '2023-04-09T23:59:59Z');
    expect(early.volumesPublished.through).toBe('2023-02-28');
    expect(row(early, 'SIS').volume.actualYtd).toBe(0);
    // Stored once; the table refuses to change it.
    const stored = await sql<{ count: string }>(
      `select count::text as count from "${reporting.schema}".published_volumes where year = 2023 and month = 3 and line = 'SIS'`,
    );
    expect(stored).toEqual([{ count: '10' }]);
    await expect(
      sql(`update "${reporting.schema}".published_volumes set count = 13 where line = 'SIS'`),
    ).rejects.toThrow(/never change/);
  });

  it('the monthly series shows the ekonom the published months only, or none of a line with a month of 1–4', async () => {
    const res = await request(reporting.app.getHttpServer())
      .get('/v1/reports/monthly?year=2023&asOf=2023-04-20')
      .set('Authorization', ekonom)
      .expect(200);
    const line = (code: string) => res.body.lines.find((l: { code: string }) => l.code === code);
    expect(res.body.volumesPublished).toEqual({ through: '2023-03-31', knownAt: '2023-04-10T00:00:00.000Z' });
    expect(line('FAMILJEHEM').volume.slice(0, 5)).toEqual([31, 28, 31, null, null]);
    expect(line('HVB')).toMatchObject({ volumeSuppressed: true });
    expect(line('HVB').volume.every((v: unknown) => v === null)).toBe(true);
  });

  it('P3: an aggregate that sums a withheld line’s effects withholds its own; the others keep theirs', async () => {
    const frames = await report(ekonom, '2023-03-31', 'frame');
    expect(row(frames, 'KB')).toMatchObject({
      volumeEffect: null,
      priceEffect: null,
      suppressed: ['volumeEffect', 'priceEffect'],
    });
    expect(row(frames, 'EKB')).toMatchObject({
      volumeEffect: null,
      suppressed: ['volumeEffect', 'priceEffect'],
    });
    expect(row(frames, 'FH')).toMatchObject({ volumeEffect: 0, priceEffect: expect.any(Number) });
    expect(row(frames, 'FH').suppressed).toBeUndefined();
    expect(frames.total).toMatchObject({ volumeEffect: null, priceEffect: null, forecastFullYear: 40500000 });
    expect(frames.subtotals.accountable.suppressed).toEqual(['volumeEffect', 'priceEffect']);
    const areas = await report(ekonom, '2023-03-31', 'area');
    expect(row(areas, 'IFO').volumeEffect).toBeNull();
    expect(row(areas, 'FAM').volumeEffect).toBe(0);
    const controllerFrames = await report(controller, '2023-03-31', 'frame');
    expect(row(controllerFrames, 'KB').volumeEffect).toEqual(expect.any(Number));
  });

  it('exports show the suppressed counts as x', async () => {
    const res = await request(reporting.app.getHttpServer())
      .get('/v1/reports/budget-deviation?year=2023&asOf=2023-03-31&groupBy=line&format=csv')
      .set('Authorization', ekonom)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const rows = parseCsv((res.body as Buffer).subarray(3).toString('utf8'));
    const hvb = rows.find((r) => r[0] === 'HVB') as string[];
    const header = rows[0];
    const at = (name: string) => hvb[header.indexOf(name)];
    expect([
      at('Volym utfall'),
      at('Volym prognos helår'),
      at('Varav volym (tkr)'),
      at('Budgeterad volym'),
      at('Utfall (tkr)'),
    ]).toEqual(['x', 'x', 'x', '100', '3']);
  });
});
