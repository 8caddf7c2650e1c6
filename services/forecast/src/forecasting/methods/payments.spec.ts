import type { KeySeries, MonthFigure } from '../engine/forecast-input';
import { ENGINE_PARAMETERS } from '../engine/parameters';
import { periodOf } from '../engine/period';
import { forecastAmountSeasonal, forecastHouseholdsTimesCost, recentRunRate, type SeriesParameters } from './payments';
import { seriesView } from './series';

const KEY = 'payments|category=FORSORJNINGSSTOD';
const COST_SEASON = [1, 1, 1, 1, 1, 1, 1, 1, 0.95, 0.95, 0.95, 1.15];
const COST_LEVEL: Record<number, number> = { 2021: 100_000, 2022: 103_000, 2023: 106_000 };
const households = (year: number, month: number) => 1000 - 5 * ((year - 2021) * 12 + month);
const cost = (year: number, month: number) => Math.round(COST_LEVEL[year] * COST_SEASON[month]);

function months(year: number, through: number, figure: (month: number) => MonthFigure): MonthFigure[] {
  return Array.from({ length: 12 }, (_, m) => (m < through ? figure(m) : { amountOre: 0n, volume: 0 }));
}

const exact: SeriesParameters = {
  ...ENGINE_PARAMETERS.series,
  households: { level: 'trend', monthlyDecay: 0.95, maxMonthlySlope: 0.03, iterations: 30 },
  costPerHousehold: { level: 'this-year', monthlyDecay: 0.95, maxMonthlySlope: 0.03, iterations: 30 },
};

describe('payments: households × cost per household', () => {
  const figure = (year: number) => (m: number) => ({
    amountOre: BigInt(households(year, m) * cost(year, m)),
    volume: households(year, m),
  });
  const series: KeySeries = {
    key: KEY,
    years: [
      { year: 2021, months: months(2021, 12, figure(2021)) },
      { year: 2022, months: months(2022, 12, figure(2022)) },
      { year: 2023, months: months(2023, 8, figure(2023)) },
    ],
  };
  const view = seriesView(series, 2023, [2021, 2022], periodOf('2023-08-31'));

  it('carries the households trend and this year’s cost level with the seasonal profile of earlier years', () => {
    const result = forecastHouseholdsTimesCost(view, exact);
    expect(result?.method).toBe('payments.households-x-cost');
    let expected = 0;
    let expectedHouseholds = 0;
    for (let m = 8; m < 12; m++) {
      expected += households(2023, m) * cost(2023, m);
      expectedHouseholds += households(2023, m);
    }
    expect(result?.remainingOre).toBeCloseTo(expected, -1);
    expect(Math.abs((result?.remainingOre ?? 0) / expected - 1)).toBeLessThan(1e-9);
    expect(result?.remainingVolume).toBeCloseTo(expectedHouseholds, 6);
    expect(result?.months.map((m) => m.month)).toEqual([9, 10, 11, 12]);
    expect(result?.months[3].costPerHouseholdOre).toBeCloseTo(106_000 * 1.15, 3);
    expect(result?.trendPerYear?.households).toBeCloseTo(-60 / households(2023, 7), 9);
  });

  it('is close with the engine’s own settings: this year’s households level, the earlier years’ movement within the year', () => {
    const result = forecastHouseholdsTimesCost(view, ENGINE_PARAMETERS.series);
    const expected = [8, 9, 10, 11].reduce((s, m) => s + households(2023, m) * cost(2023, m), 0);
    // −5 households a month is a slightly steeper relative fall each year than the earlier years show
    expect(Math.abs((result?.remainingOre ?? 0) / expected - 1)).toBeLessThan(0.005);
    // the year-over-year change of the households level: this year's months against last year's mean
    expect(result?.trendPerYear?.households).toBeLessThan(-0.05);
  });

  it('uses the recent run rate without an earlier year: the mean of the last three complete months', () => {
    const young: KeySeries = {
      key: KEY,
      years: [{ year: 2023, months: months(2023, 8, (m) => ({ amountOre: BigInt([0, 0, 0, 0, 0, 300_000, 330_000, 360_000][m]), volume: [0, 0, 0, 0, 0, 10, 11, 12][m] })) }],
    };
    const result = forecastHouseholdsTimesCost(seriesView(young, 2023, [], periodOf('2023-08-31')), ENGINE_PARAMETERS.series);
    expect(result?.method).toBe('payments.recent-run-rate');
    expect(result?.remainingOre).toBe(4 * 330_000);
    expect(result?.remainingVolume).toBe(44);
    expect(result?.months[0]).toEqual({ month: 9, amountOre: 330_000, households: 11, costPerHouseholdOre: 30_000 });
  });

  it('has no recent run rate before a month is complete (the engine falls back to the run rate)', () => {
    const empty: KeySeries = { key: KEY, years: [{ year: 2023, months: months(2023, 1, () => ({ amountOre: 5n, volume: 1 })) }] };
    expect(recentRunRate(seriesView(empty, 2023, [], periodOf('2023-01-20')), ENGINE_PARAMETERS.series, true)).toBeNull();
  });

  it('forecasts what is left of the month asOf is in, never less than nothing', () => {
    const mid = seriesView(series, 2023, [2021, 2022], periodOf('2023-08-15'));
    const result = forecastHouseholdsTimesCost(mid, exact);
    const august = result?.months.find((m) => m.month === 8);
    const expectedAugust = households(2023, 7) * cost(2023, 7);
    // the whole of August is in the series already: nothing more is expected of it
    expect(expectedAugust).toBeGreaterThan(0);
    expect(august?.amountOre).toBeCloseTo(0, 3);
  });
});

describe('repayments and reimbursements: the amount with its season and trend', () => {
  it('keeps the sign of a revenue and its quarterly lumps', () => {
    const lump = (m: number) => (m % 3 === 1 ? -300_000n : 0n); // February, May, August, November
    const series: KeySeries = {
      key: 'payments|payer=MIGRATIONSVERKET|reimbursementCategory=ENSAMKOMMANDE',
      years: [2021, 2022, 2023].map((year) => ({ year, months: months(year, year === 2023 ? 8 : 12, (m) => ({ amountOre: lump(m), volume: 0 })) })),
    };
    const result = forecastAmountSeasonal(seriesView(series, 2023, [2021, 2022], periodOf('2023-08-31')), ENGINE_PARAMETERS.series);
    expect(result?.method).toBe('payments.seasonal-trend');
    expect(result?.remainingOre).toBeCloseTo(-300_000, 3); // November only
    expect(result?.months.map((m) => Math.round(m.amountOre) + 0)).toEqual([0, 0, -300_000, 0]);
    expect(result?.remainingVolume).toBeNull();
  });
});
