// The report as Swedish CSV and as XLSX, parsed back: every cell is the JSON report's figure in
// tkr, rounded per cell half away from zero.
import { divRoundHalfAwayFromZero } from '@ramprognos/money';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { binary, parseCsv } from './support/csv';
import type { Canned, Period } from './support/fake-forecast-server';
import { startExample, type ExampleSetup } from './support/example';
import { bearer } from './support/reporting-app';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const QUERY = 'year=2023&asOf=2023-08-31&knownAt=2023-09-01T00:00:00Z';

let example: ExampleSetup;
let admin: string;

beforeAll(async () => {
  example = await startExample();
  admin = await bearer(['admin']);
  example.forecast.forecasts = (p: Period): Canned => ({
    status: 200,
    body: {
      ...p,
      keys: [
        {
          key: 'placements|placementType=FAMILJEHEM|regi=EXTERN|targetGroup=BARN_UNGA',
          forecastFullYear: '200000049',
          low: '180000000',
          high: '220000000',
          method: 'commitments',
          volume: { unit: 'VARDDYGN', actualYtd: 600, forecastFullYear: 1500.5 },
        },
      ],
    },
  });
});
afterAll(async () => {
  await example?.close();
});

const get = (path: string) => request(example.app.getHttpServer()).get(path).set('Authorization', admin);
const json = async (groupBy: string) =>
  (await get(`/v1/reports/budget-deviation?${QUERY}&groupBy=${groupBy}`).expect(200)).body;
const tkr = (ore: number | null): string =>
  ore === null ? '' : divRoundHalfAwayFromZero(BigInt(ore), 100_000n).toString();

const HEADER = [
  'Kod',
  'Namn',
  'Budget helår (tkr)',
  'Periodiserad budget (tkr)',
  'Utfall (tkr)',
  'Avvikelse (tkr)',
  'Statistisk prognos helår (tkr)',
  'Prognosjustering (tkr)',
  'Prognos helår (tkr)',
  'Prognostiserad avvikelse (tkr)',
  'Prognos lägst (tkr)',
  'Prognos högst (tkr)',
  'Föregående prognostiserad avvikelse (tkr)',
  'Varav volym (tkr)',
  'Varav pris (tkr)',
  'Prognosmetod',
  'Volymenhet',
  'Budgeterad volym',
  'Volym utfall',
  'Volym prognos helår',
];
const MONEY = [
  'annualBudget',
  'budgetYtd',
  'actualYtd',
  'deviationYtd',
  'forecastStatistical',
  'forecastAdjustment',
  'forecastFullYear',
  'forecastDeviation',
  'forecastLow',
  'forecastHigh',
  'previousForecastDeviation',
  'volumeEffect',
  'priceEffect',
] as const;

type Figures = Record<(typeof MONEY)[number], number | null>;

describe('CSV', () => {
  it('is Swedish CSV for Excel: BOM, semicolons, CRLF, tkr per cell, decimal comma, minus as -', async () => {
    const res = await get(`/v1/reports/budget-deviation?${QUERY}&groupBy=line`)
      .set('Accept', 'text/csv')
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="budgetavvikelse-2023-2023-08-31-kostnadslinje.csv"',
    );
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual([...HEADER, 'Ram', 'Verksamhetsområde', 'Kommentar till prognosjustering']);
    expect(new Set(rows.map((r) => r.length))).toEqual(new Set([HEADER.length + 3]));

    const report = await json('line');
    const cells = (f: Figures) => MONEY.map((field) => tkr(f[field]));
    report.rows.forEach(
      (row: Figures & { code: string; name: string; frame: string; area: string }, i: number) => {
        expect(rows[i + 1].slice(0, 15)).toEqual([row.code, row.name, ...cells(row)]);
        expect(rows[i + 1].slice(-3, -1)).toEqual([row.frame, row.area]);
      },
    );
    const familjehem = rows.find((r) => r[0] === 'IFO_FAMILJEHEM') as string[];
    expect(familjehem.slice(15, 20)).toEqual(['commitments', 'VARDDYGN', '1461', '929', '1500,5']);
    const statsbidrag = rows.find((r) => r[0] === 'STATSBIDRAG') as string[];
    expect(statsbidrag[2]).toBe('-6200');
    expect(statsbidrag[4]).toBe('-4284'); // -428 366 925 öre = -4 283,66925 tkr → -4 284

    const tail = rows.slice(report.rows.length + 1).map((r) => r.slice(0, 2));
    expect(tail).toEqual([
      ['OKLASSIFICERAT', `Oklassificerat (${report.unclassified.keyCount} nycklar)`],
      ['', 'Summa ramar med resultatansvar'],
      ['', 'Summa ramar utan resultatansvar'],
      ['', 'Totalt'],
    ]);
    const total = rows[rows.length - 1];
    expect(total.slice(2, 15)).toEqual(cells(report.total));
    expect(rows[rows.length - 3].slice(2, 15)).toEqual(cells(report.subtotals.accountable));
    expect(rows[report.rows.length + 1][4]).toBe(tkr(report.unclassified.actualYtd));
  });

  it('is the same with ?format=csv, per frame without the line columns', async () => {
    const viaAccept = await get(`/v1/reports/budget-deviation?${QUERY}&groupBy=frame`)
      .set('Accept', 'text/csv')
      .buffer(true)
      .parse(binary)
      .expect(200);
    const viaFormat = await get(`/v1/reports/budget-deviation?${QUERY}&groupBy=frame&format=csv`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect((viaFormat.body as Buffer).equals(viaAccept.body as Buffer)).toBe(true);
    const rows = parseCsv((viaFormat.body as Buffer).subarray(3).toString('utf8'));
    expect(rows[0]).toEqual(HEADER);
    expect(rows.slice(1, 4).map((r) => r[0])).toEqual(['ASN', 'EKB', 'HEM']);
  });
});

describe('XLSX', () => {
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    const res = await get(`/v1/reports/budget-deviation?${QUERY}`)
      .set('Accept', XLSX)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="budgetavvikelse-2023-2023-08-31.xlsx"',
    );
    workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as never);
  });

  it('has one sheet per grouping, then the unclassified keys and what the figures are', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Ram',
      'Verksamhetsområde',
      'Kostnadslinje',
      'Oklassificerat',
      'Om rapporten',
    ]);
    const about = workbook.getWorksheet('Om rapporten') as ExcelJS.Worksheet;
    const facts = Object.fromEntries(
      about
        .getSheetValues()
        .slice(2)
        .map((r) => [(r as unknown[])[1], (r as unknown[])[2]]),
    );
    expect(facts).toMatchObject({
      År: 2023,
      'Utfall till och med': '2023-08-31',
      'Kunskapsläge (knownAt)': '2023-09-01T00:00:00Z',
    });
  });

  it.each([
    ['Ram', 'frame'],
    ['Verksamhetsområde', 'area'],
    ['Kostnadslinje', 'line'],
  ])('%s: frozen bold header, tkr as numbers per cell, bold totals', async (name, groupBy) => {
    const sheet = workbook.getWorksheet(name) as ExcelJS.Worksheet;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, HEADER.length)).toEqual(HEADER);
    expect(sheet.getRow(1).font?.bold).toBe(true);

    const report = await json(groupBy);
    const numbers = (f: Figures) => MONEY.map((field) => (f[field] === null ? null : Number(tkr(f[field]))));
    const valuesOf = (row: number) =>
      Array.from({ length: 15 }, (_, i) => {
        const v = sheet.getRow(row).getCell(i + 1).value;
        return v === undefined ? null : v;
      });
    report.rows.forEach((r: Figures & { code: string; name: string }, i: number) => {
      expect(valuesOf(i + 2)).toEqual([r.code, r.name, ...numbers(r)]);
    });
    const last = sheet.rowCount;
    expect(valuesOf(last)).toEqual([null, 'Totalt', ...numbers(report.total)]);
    expect(sheet.getRow(last).font?.bold).toBe(true);
    expect(sheet.getRow(last - 1).font?.bold).toBe(true);
    expect(sheet.getRow(2).font?.bold).toBeFalsy();
    expect(sheet.getRow(2).getCell(3).numFmt).toBe('#,##0;-#,##0');
  });

  it('lists the unclassified keys', async () => {
    const report = await json('line');
    const sheet = workbook.getWorksheet('Oklassificerat') as ExcelJS.Worksheet;
    expect(sheet.rowCount - 1).toBe(report.unclassified.items.length);
    expect(sheet.getRow(2).getCell(1).value).toBe(report.unclassified.items[0].key);
    expect(sheet.getRow(2).getCell(4).value).toBe(Number(tkr(report.unclassified.items[0].actualYtd)));
  });
});
