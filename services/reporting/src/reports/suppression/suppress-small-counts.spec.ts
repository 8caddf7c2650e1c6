import type { BudgetDeviationView, FiguresView, RowView } from '../budget-deviation/budget-deviation-view';
import {
  NOTHING_PUBLISHED,
  monthlyCounts,
  shownVolumes,
  suppressSmallCounts,
  type PublishedVolumes,
} from './suppress-small-counts';

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

const published = (lines: PublishedVolumes['lines'], through = '2023-03-31'): PublishedVolumes => ({
  through,
  knownAt: '2023-04-10T00:00:00.000Z',
  lines,
});

describe('which lines show their published volumes (P2)', () => {
  it('those whose every published month is 0 or ≥ 5, and whose forecast volume is not between 0 and 5', () => {
    const p = published([
      { code: 'ZERO', months: [0, 0, 0], forecastFullYear: 0 },
      { code: 'FIVE', months: [5, 0, 0], forecastFullYear: 20 },
      { code: 'MONTH', months: [6, 3, 0], forecastFullYear: 40 },
      { code: 'FC', months: [50, 50, 50], forecastFullYear: 4.5 },
      { code: 'GAP', months: [50, null, 50], forecastFullYear: 400 },
      { code: 'NOFC', months: [7, 8, 9], forecastFullYear: null },
    ]);
    const shown = (code: string) => shownVolumes(p, code)?.actualYtd ?? 'withheld';
    expect(['ZERO', 'FIVE', 'MONTH', 'FC', 'GAP', 'NOFC', 'ABSENT'].map(shown)).toEqual([
      0,
      5,
      'withheld',
      'withheld',
      'withheld',
      24,
      'withheld',
    ]);
    expect(shownVolumes(NOTHING_PUBLISHED, 'FIVE')).toBeNull();
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

describe('suppressSmallCounts (P1–P3)', () => {
  const lines = [lineRow('SMALL', 'F1', 3), lineRow('BIG', 'F2', 50), lineRow('SMALL_NO_FORECAST', 'F3', 2)];
  const noForecast = { ...lines[2], volumeEffect: null, priceEffect: null };
  const lineRows = [lines[0], lines[1], noForecast];
  // SMALL has a month of 2; BIG's published months are 0 or ≥ 5; SMALL_NO_FORECAST has a month of 1.
  const p = published([
    { code: 'SMALL', months: [10, 2, 10], forecastFullYear: 40 },
    { code: 'BIG', months: [20, 0, 25], forecastFullYear: 90 },
    { code: 'SMALL_NO_FORECAST', months: [1, 0, 0], forecastFullYear: null },
  ]);

  it('shows a line’s published volumes, and its split by the published forecast volume', () => {
    const out = suppressSmallCounts(view('line', lineRows), lineRows, p, new Set(['SMALL', 'BIG']));
    // BIG: published 45 so far and 90 for the year (the controller sees 50 and 20 at asOf).
    // volumeEffect = (30 − 90) × 100 / 30 = −200; priceEffect = forecastDeviation − volumeEffect = 10 + 200.
    expect(out.rows[1]).toMatchObject({
      volume: { unit: 'VARDDYGN', budget: 30, actualYtd: 45, forecastFullYear: 90 },
      volumeEffect: -200,
      priceEffect: 210,
      actualYtd: 40,
    });
    expect(out.rows[1].suppressed).toBeUndefined();
    expect(out.volumesPublished).toEqual({ through: '2023-03-31', knownAt: '2023-04-10T00:00:00.000Z' });
  });

  it('withholds a line’s volumes and split when a published month is 1–4 and says so; leaves money and the budgeted volume', () => {
    const out = suppressSmallCounts(view('line', lineRows), lineRows, p, new Set(['SMALL', 'BIG']));
    expect(out.rows[0]).toMatchObject({
      actualYtd: 40,
      forecastFullYear: 90,
      volume: { budget: 30, actualYtd: null, forecastFullYear: null, suppressed: true },
      volumeEffect: null,
      priceEffect: null,
      suppressed: ['volume.actualYtd', 'volume.forecastFullYear', 'volumeEffect', 'priceEffect'],
    });
  });

  it('shows an aggregate’s split only when every line in it with a volume shows one, as their sum', () => {
    const frames = view('frame', [
      { code: 'F1', name: 'F1', ...figures(), volume: null, method: null },
      { code: 'F2', name: 'F2', ...figures(), volume: null, method: null },
      {
        code: 'F3',
        name: 'F3',
        ...figures({ volumeEffect: null, priceEffect: null }),
        volume: null,
        method: null,
      },
    ]);
    const out = suppressSmallCounts(frames, lineRows, p, new Set(['BIG']));
    expect(out.rows.map((r) => [r.code, r.volumeEffect, r.priceEffect, r.suppressed])).toEqual([
      ['F1', null, null, ['volumeEffect', 'priceEffect']],
      ['F2', -200, 210, undefined],
      ['F3', null, null, undefined], // its line had no split to give away
    ]);
    expect(out.total).toMatchObject({ volumeEffect: null, suppressed: ['volumeEffect', 'priceEffect'] });
    expect(out.subtotals.accountable).toMatchObject({ volumeEffect: -200, priceEffect: 210 });
    expect(out.subtotals.notAccountable.suppressed).toEqual(['volumeEffect', 'priceEffect']);
  });

  it('before the year’s first publication, shows no volumes and no split', () => {
    const out = suppressSmallCounts(view('line', lineRows), lineRows, NOTHING_PUBLISHED, new Set());
    expect(out.rows.map((r) => r.volume?.actualYtd ?? null)).toEqual([null, null, null]);
    expect(out.rows.every((r) => r.volumeEffect === null && r.volume?.suppressed === true)).toBe(true);
    expect(out.volumesPublished).toEqual({ through: null, knownAt: null });
  });
});
