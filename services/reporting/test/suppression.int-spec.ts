// SPEC §8: counts of 1–4 are not shown to the ekonom role, neither directly (R1), nor as the
// difference of two month-end reports (R2), nor through an aggregate minus the other rows (R3);
// controllers and admins see them. services/reporting/README.md, "Small counts".
import type { ReferenceEvent } from '@ramprognos/testing';
import request from 'supertest';
import { binary, parseCsv } from './support/csv';
import { FakeForecastServer, type Canned, type Period } from './support/fake-forecast-server';
import { bearer, startReporting, type ReportingApp } from './support/reporting-app';

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
];

const BUDGET = {
  year: 2023,
  frames: [
    { code: 'KB', name: 'Kommunbidrag', accountable: true },
    { code: 'FH', name: 'Familjehem', accountable: true },
    { code: 'EKB', name: 'Ekonomiskt bistånd', accountable: false },
  ],
  areas: [
    { code: 'IFO', name: 'Individ och familj' },
    { code: 'FAM', name: 'Familjehem' },
    { code: 'AMA', name: 'Arbetsmarknad' },
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

async function report(authorization: string, asOf: string, groupBy: string) {
  const res = await request(reporting.app.getHttpServer())
    .get(`/v1/reports/budget-deviation?year=2023&asOf=${asOf}&groupBy=${groupBy}`)
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

  it('R1: a count of 1–4 is suppressed, with the effects that would give it back; money is not', async () => {
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

  it('R2: a month of 1–4 suppresses the cumulative count, so month-end reports cannot be subtracted', async () => {
    expect(row(await report(ekonom, '2023-01-31', 'line'), 'EKB').volume.actualYtd).toBe(6);
    for (const asOf of ['2023-02-28', '2023-03-31', '2023-02-25']) {
      expect(row(await report(ekonom, asOf, 'line'), 'EKB').volume).toMatchObject({
        actualYtd: null,
        suppressed: true,
      });
    }
    expect(row(await report(controller, '2023-02-28', 'line'), 'EKB').volume.actualYtd).toBe(9);
  });

  it('R3: an aggregate that sums a suppressed line’s effects suppresses its own; the others keep theirs', async () => {
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
