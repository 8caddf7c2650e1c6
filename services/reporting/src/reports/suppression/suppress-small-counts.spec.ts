import type { BudgetDeviationView, FiguresView, RowView } from '../budget-deviation/budget-deviation-view';
import { linesWithSmallCounts, monthlyCounts, suppressSmallCounts } from './suppress-small-counts';

const figures = (over: Partial<FiguresView> = {}): FiguresView => ({
  annualBudget: 100,
  budgetYtd: 50,
  actualYtd: 40,
  deviationYtd: 10,
  forecastStatistical: 90,
  forecastAdjustment: 0,
  forecastFullYear: 90,
  forecastDeviation: 10,
  forecastLow: 80,
  forecastHigh: 100,
  previousForecastDeviation: null,
  volumeEffect: 4,
  priceEffect: 6,
  ...over,
});
const lineRow = (
  code: string,
  frame: string,
  actualYtd: number | null,
  forecast: number | null = 20,
): RowView => ({
  code,
  name: code,
  frame,
  area: 'A',
  ...figures(),
  volume: { unit: 'VARDDYGN', budget: 30, actualYtd, forecastFullYear: forecast },
  method: 'm',
});
const view = (groupBy: 'line' | 'frame', rows: RowView[]): BudgetDeviationView => ({
  year: 2023,
  asOf: '2023-03-31',
  knownAt: '2023-04-01T00:00:00Z',
  groupBy,
  currency: 'SEK',
  unit: 'ore',
  rows,
  total: figures(),
  subtotals: { accountable: figures(), notAccountable: figures() },
  unclassified: {
    actualYtd: 0,
    forecastFullYear: 0,
    forecastLow: 0,
    forecastHigh: 0,
    items: [],
    keyCount: 0,
  },
});

describe('which counts are small (R1, R2)', () => {
  it('1–4 in the year so far or in the forecast, or in any single month, but not 0 and not 5', () => {
    const rows = [
      lineRow('ZERO', 'F', 0, 0),
      lineRow('FIVE', 'F', 5),
      lineRow('FOUR', 'F', 4),
      lineRow('FC', 'F', 50, 4.5),
      lineRow('MONTH', 'F', 9),
    ];
    const monthly = new Map([
      ['FIVE', [5, 0, 0]],
      ['MONTH', [6, 3, 0]],
    ]);
    expect([...linesWithSmallCounts(rows, monthly)].sort()).toEqual(['FC', 'FOUR', 'MONTH']);
  });

  it('counts the months of care days per VARDDYGN line and of households per HUSHALLSMANADER line, through asOf', () => {
    const lines = [
      {
        code: 'HVB',
        match: [{ stream: 'placements' as const, placementType: 'HVB' }],
        volume: { unit: 'VARDDYGN' as const, annual: 1 },
      },
      {
        code: 'EKB',
        match: [{ stream: 'payments' as const, category: 'BOENDE' }],
        volume: { unit: 'HUSHALLSMANADER' as const, annual: 1 },
      },
      { code: 'NOVOL', match: [{ stream: 'ledger' as const }] },
    ];
    const counts = monthlyCounts(
      lines,
      {
        year: 2023,
        asOf: '2023-02-14',
        knownAt: 'x',
        keys: [
          {
            key: 'placements|placementType=HVB|regi=EGEN|targetGroup=VUXEN',
            months: [
              { month: '2023-01', amount: '1', careDays: 31 },
              { month: '2023-02', amount: '1', careDays: 3 },
            ],
          },
          {
            key: 'placements|placementType=HVB|regi=EXTERN|targetGroup=VUXEN',
            months: [{ month: '2023-02', amount: '1', careDays: 1 }],
          },
          { key: 'payments|category=BOENDE', months: [{ month: '2023-01', amount: '1', careDays: 0 }] },
        ],
      },
      {
        EKB: [
          { month: '2023-01', households: 7 },
          { month: '2023-03', households: 2 },
        ],
      },
      '2023-02-14',
    );
    expect(counts.get('HVB')?.slice(0, 3)).toEqual([31, 4, 0]);
    expect(counts.get('EKB')?.slice(0, 3)).toEqual([7, 0, 0]);
    expect(counts.has('NOVOL')).toBe(false);
  });
});

describe('suppressSmallCounts (R1–R3)', () => {
  const lines = [lineRow('SMALL', 'F1', 3), lineRow('BIG', 'F2', 50), lineRow('SMALL_NO_FORECAST', 'F3', 2)];
  const noForecast = { ...lines[2], volumeEffect: null, priceEffect: null };
  const lineRows = [lines[0], lines[1], noForecast];
  const hidden = new Set(['SMALL', 'SMALL_NO_FORECAST']);

  it('nulls a hidden line’s counts and effects and says so; leaves money and the budgeted volume', () => {
    const out = suppressSmallCounts(view('line', lineRows), lineRows, hidden, new Set(['SMALL', 'BIG']));
    expect(out.rows[0]).toMatchObject({
      actualYtd: 40,
      forecastFullYear: 90,
      volume: { budget: 30, actualYtd: null, forecastFullYear: null, suppressed: true },
      volumeEffect: null,
      priceEffect: null,
      suppressed: ['volume.actualYtd', 'volume.forecastFullYear', 'volumeEffect', 'priceEffect'],
    });
    expect(out.rows[1]).toEqual(lines[1]);
  });

  it('suppresses the effects of every aggregate that sums a hidden line’s effects, and only those', () => {
    const frames = view('frame', [
      { code: 'F1', name: 'F1', ...figures(), volume: null, method: null },
      { code: 'F2', name: 'F2', ...figures(), volume: null, method: null },
      { code: 'F3', name: 'F3', ...figures(), volume: null, method: null },
    ]);
    const out = suppressSmallCounts(frames, lineRows, hidden, new Set(['BIG']));
    expect(out.rows.map((r) => [r.code, r.volumeEffect, r.suppressed])).toEqual([
      ['F1', null, ['volumeEffect', 'priceEffect']],
      ['F2', 4, undefined],
      ['F3', 4, undefined], // its hidden line had no effects to leak
    ]);
    expect(out.total.volumeEffect).toBeNull();
    expect(out.subtotals.accountable.volumeEffect).toBe(4);
    expect(out.subtotals.notAccountable.suppressed).toEqual(['volumeEffect', 'priceEffect']);
  });

  it('changes nothing when nothing is hidden', () => {
    const v = view('line', lineRows);
    expect(suppressSmallCounts(v, lineRows, new Set(), new Set())).toBe(v);
  });
});
