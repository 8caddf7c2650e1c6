import ExcelJS from 'exceljs';
import type { BudgetDeviationView, FiguresView } from '../budget-deviation/budget-deviation-view';
import { csvText, swedishNumber, toCsv } from './csv';
import { reportTable } from './report-table';
import { toXlsx } from './xlsx';

const figures = (ore: number): FiguresView => ({
  annualBudget: ore,
  budgetYtd: ore,
  actualYtd: ore,
  deviationYtd: -ore,
  forecastStatistical: null,
  forecastAdjustment: null,
  forecastFullYear: null,
  forecastDeviation: null,
  forecastLow: null,
  forecastHigh: null,
  previousForecastDeviation: null,
  volumeEffect: null,
  priceEffect: null,
});

const view: BudgetDeviationView = {
  year: 2023,
  asOf: '2023-08-31',
  knownAt: '2023-09-01T00:00:00Z',
  groupBy: 'line',
  currency: 'SEK',
  unit: 'ore',
  rows: [
    {
      code: 'L1',
      name: 'Familjehem; "extern" regi',
      frame: 'KB',
      area: 'IFO',
      ...figures(150_000), // 1.5 tkr → 2
      volume: { unit: 'VARDDYGN', budget: 365, actualYtd: 120.25, forecastFullYear: null },
      method: 'commitments',
      forecastAdjustmentComment: '=HYPERLINK("http://evil")',
    },
    {
      code: 'L2',
      name: 'Intäkter',
      frame: 'KB',
      area: 'IFO',
      ...figures(-150_000),
      volume: null,
      method: null,
      forecastAdjustmentComment: null,
    },
  ],
  total: figures(0),
  subtotals: { accountable: figures(149_999), notAccountable: figures(-149_999) },
  unclassified: {
    actualYtd: 2_500_000,
    forecastFullYear: null,
    forecastLow: null,
    forecastHigh: null,
    items: [],
    keyCount: 0,
  },
};

describe('CSV pieces', () => {
  it('writes numbers with a decimal comma and a plain minus', () => {
    expect([
      swedishNumber(-1234n),
      swedishNumber(1461.5),
      swedishNumber(2 / 3),
      swedishNumber(-0.001),
    ]).toEqual(['-1234', '1461,5', '0,67', '0']);
  });

  it('quotes what needs quoting and makes formulas inert', () => {
    expect(csvText('plain')).toBe('plain');
    expect(csvText('a;b')).toBe('"a;b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText('=1+2')).toBe("'=1+2");
    expect(csvText('-x;y')).toBe(`"'-x;y"`);
    expect(csvText('line\nbreak')).toBe('"line\nbreak"');
  });
});

describe('the report table and its CSV', () => {
  it('rounds tkr per cell half away from zero and ends with OKLASSIFICERAT, the subtotals and the total', () => {
    const csv = toCsv(reportTable(view));
    expect(csv.startsWith('\uFEFFKod;Namn;Budget helår (tkr);')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[1]).toBe(
      `L1;"Familjehem; ""extern"" regi";2;2;2;-2;;;;;;;;;;commitments;VARDDYGN;365;120,25;;KB;IFO;"'=HYPERLINK(""http://evil"")"`,
    );
    expect(lines[2].split(';').slice(0, 6)).toEqual(['L2', 'Intäkter', '-2', '-2', '-2', '2']);
    expect(lines.slice(3, 7).map((l) => l.split(';').slice(0, 5))).toEqual([
      ['OKLASSIFICERAT', 'Oklassificerat (0 nycklar)', '0', '0', '25'],
      ['', 'Summa ramar med resultatansvar', '1', '1', '1'],
      ['', 'Summa ramar utan resultatansvar', '-1', '-1', '-1'],
      ['', 'Totalt', '0', '0', '0'],
    ]);
  });

  it('makes a workbook that reads back', async () => {
    const buffer = await toXlsx({
      views: [view],
      tables: [reportTable(view)],
      createdAt: new Date('2023-09-01T00:00:00Z'),
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as never);
    const sheet = workbook.getWorksheet('Kostnadslinje') as ExcelJS.Worksheet;
    expect(sheet.getRow(2).getCell(3).value).toBe(2);
    expect(sheet.getRow(3).getCell(3).value).toBe(-2);
    expect(sheet.getRow(sheet.rowCount).getCell(2).value).toBe('Totalt');
    expect(workbook.created.toISOString()).toBe('2023-09-01T00:00:00.000Z');
  });
});
