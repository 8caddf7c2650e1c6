import type { KeySeries, MonthFigure } from '../engine/forecast-input';
import { periodOf } from '../engine/period';
import { forecastLedgerPattern, type LedgerParameters } from './ledger';
import { seriesView } from './series';

const M = 1_000_000;
const LAST_YEAR = [10, 10, 10, 10, 10, 10, 5, 10, 10, 10, 10, 20]; // Mkr: a July dip, a December peak
const P: LedgerParameters = { patternYears: 1, maxRatio: 4, closingDays: 10 };
const fig = (mkr: number): MonthFigure => ({ amountOre: BigInt(Math.round(mkr * M)), volume: 0 });

function view(thisYear: number[], lastYearSoFarAsKnown?: number) {
  const series: KeySeries = {
    key: 'ledger|account=5111|activity=410|responsibility=IFO1',
    years: [
      { year: 2022, months: LAST_YEAR.map(fig) },
      { year: 2023, months: Array.from({ length: 12 }, (_, m) => fig(thisYear[m] ?? 0)) },
    ],
    ...(lastYearSoFarAsKnown === undefined ? {} : { lastYearSoFarAsKnown: fig(lastYearSoFarAsKnown) }),
  };
  return seriesView(series, 2023, [2022], periodOf('2023-08-31'));
}

describe('ledger: run rate with last year’s monthly pattern', () => {
  const plus10 = LAST_YEAR.slice(0, 8).map((x) => x * 1.1);

  it('applies this year’s level against last year to last year’s remaining months', () => {
    const result = forecastLedgerPattern(view(plus10), P, null);
    expect(result?.method).toBe('ledger.last-year-pattern');
    expect(result?.remainingOre).toBeCloseTo(1.1 * 50 * M, 0); // September–December: 10 + 10 + 10 + 20
    expect(result?.months.map((m) => Math.round(m.amountOre / 1000))).toEqual([11_000, 11_000, 11_000, 22_000]);
    expect(result?.closingMonth).toBeNull();
  });

  it('forecasts a month still being closed from the months before it (what is known of it counts)', () => {
    const open = [...plus10.slice(0, 7), 3]; // only 3 of August's 11 Mkr exported yet
    const result = forecastLedgerPattern(view(open), P, 7);
    expect(result?.closingMonth).toBe(8);
    expect(result?.months[0].month).toBe(8);
    expect(result?.months[0].amountOre).toBeCloseTo(8 * M, 0);
    expect(result?.remainingOre).toBeCloseTo((8 + 55) * M, 0);
    // read as a complete month, August would pull the level down: 74.5 / 75 of last year
    expect(forecastLedgerPattern(view(open), P, null)?.remainingOre).toBeCloseTo((74.5 / 75) * 50 * M, 0);
  });

  it('compares with last year as it was known at the same lag when given', () => {
    const open = [...plus10.slice(0, 7), 3];
    const result = forecastLedgerPattern(view(open, 72), P, null);
    expect(result?.remainingOre).toBeCloseTo((74.5 / 72) * 50 * M, 0);
  });

  it('repeats last year’s rest when neither year has anything so far (an account booked in the autumn)', () => {
    const autumnOnly = LAST_YEAR.map((x, m) => (m >= 9 ? x : 0));
    const series: KeySeries = {
      key: 'ledger|account=3022',
      years: [{ year: 2022, months: autumnOnly.map(fig) }],
    };
    const result = forecastLedgerPattern(seriesView(series, 2023, [2022], periodOf('2023-08-31')), P, null);
    expect(result?.remainingOre).toBeCloseTo(40 * M, 0);
  });

  it('gives way to the run rate when the pattern says little: a sign flip, or so far with nothing last year', () => {
    expect(forecastLedgerPattern(view(plus10.map((x) => -x)), P, null)).toBeNull();
    const series: KeySeries = {
      key: 'ledger|account=6991',
      years: [
        { year: 2022, months: LAST_YEAR.map((x, m) => fig(m >= 9 ? x : 0)) },
        { year: 2023, months: Array.from({ length: 12 }, (_, m) => fig(m < 8 ? 1 : 0)) },
      ],
    };
    expect(forecastLedgerPattern(seriesView(series, 2023, [2022], periodOf('2023-08-31')), P, null)).toBeNull();
    expect(forecastLedgerPattern(seriesView(series, 2023, [], periodOf('2023-08-31')), P, null)).toBeNull();
  });
});
