import type { KeySeries, MonthFigure } from '../engine/forecast-input';
import { monthNumber, type Period } from '../engine/period';
import type { SeriesPoint } from './seasonal-trend';

const ZERO: MonthFigure = { amountOre: 0n, volume: 0 };

/** A key's months, read the way the series methods need them. */
export interface SeriesView {
  readonly year: number;
  readonly period: Period;
  /** Earlier complete years, ascending: twelve months each (zeros where the key had nothing). */
  readonly history: readonly { readonly year: number; readonly months: readonly MonthFigure[] }[];
  /** This year's twelve months (after asOf: zero). */
  readonly current: readonly MonthFigure[];
  /** See KeySeries.lastYearSoFarAsKnown. */
  readonly lastYearSoFarAsKnown: MonthFigure | null;
}

export function seriesView(series: KeySeries | undefined, year: number, historyYears: readonly number[], period: Period): SeriesView {
  const byYear = new Map((series?.years ?? []).map((y) => [y.year, y.months]));
  const months = (y: number): readonly MonthFigure[] => byYear.get(y) ?? Array<MonthFigure>(12).fill(ZERO);
  return {
    year,
    period,
    history: historyYears.map((y) => ({ year: y, months: months(y) })),
    current: months(year),
    lastYearSoFarAsKnown: historyYears.includes(year - 1) ? (series?.lastYearSoFarAsKnown ?? null) : null,
  };
}

/** Last year 1 January .. the same day as asOf, as finally known (asOf's month pro rata when asOf is mid-month). */
export function lastYearSoFar(view: SeriesView): MonthFigure | null {
  const last = view.history.find((y) => y.year === view.year - 1);
  if (last === undefined) return null;
  const p = view.period;
  let amount = 0n;
  let volume = 0;
  for (let i = 0; i < p.completeMonths; i++) {
    amount += last.months[i].amountOre;
    volume += last.months[i].volume;
  }
  if (!p.monthEnd) {
    const m = last.months[p.month - 1];
    amount += (m.amountOre * BigInt(p.day)) / BigInt(p.daysInMonth);
    volume += (m.volume * p.day) / p.daysInMonth;
  }
  return { amountOre: amount, volume };
}

/** What is expected to arrive late for 1 January .. asOf: last year's late part, scaled to this year's level. */
export interface LateArrivals {
  /** Last year, same dates: as finally known − as known at the same lag. */
  readonly lastYearLateOre: bigint;
  /** This year so far relative to last year so far as known then (1 when they cannot be compared). */
  readonly ratio: number;
  readonly expectedOre: number;
  readonly expectedVolume: number;
}

export function lateArrivals(view: SeriesView, maxRatio: number): LateArrivals | null {
  const asKnown = view.lastYearSoFarAsKnown;
  const final = lastYearSoFar(view);
  if (asKnown === null || final === null) return null;
  const late = final.amountOre - asKnown.amountOre;
  const lateVolume = final.volume - asKnown.volume;
  if (late === 0n && lateVolume === 0) return null;
  const ytd = Number(actualYtd(view));
  const before = Number(asKnown.amountOre);
  const r = before !== 0 ? ytd / before : 0;
  const ratio = r >= 1 / maxRatio && r <= maxRatio ? r : 1;
  return { lastYearLateOre: late, ratio, expectedOre: ratio * Number(late), expectedVolume: ratio * lateVolume };
}

/** Net öre of this year through asOf. */
export function actualYtd(view: SeriesView): bigint {
  return view.current.reduce((sum, m) => sum + m.amountOre, 0n);
}

export function volumeYtd(view: SeriesView): number {
  return view.current.reduce((sum, m) => sum + m.volume, 0);
}

/** Points of the earlier years and of this year's complete months, by a reading of a month. */
export function points(
  view: SeriesView,
  read: (m: MonthFigure) => number | null,
): { history: SeriesPoint[]; recent: SeriesPoint[] } | null {
  const history: SeriesPoint[] = [];
  const recent: SeriesPoint[] = [];
  for (const y of view.history) {
    for (let i = 0; i < 12; i++) {
      const value = read(y.months[i]);
      if (value === null) return null;
      history.push({ t: monthNumber(y.year, i), value });
    }
  }
  for (let i = 0; i < view.period.completeMonths; i++) {
    const value = read(view.current[i]);
    if (value === null) return null;
    recent.push({ t: monthNumber(view.year, i), value });
  }
  return { history, recent };
}

/** The months still to forecast: month index, running month number, and whether asOf is inside it. */
export function remainingMonths(view: SeriesView): { index: number; t: number; partial: boolean }[] {
  const result: { index: number; t: number; partial: boolean }[] = [];
  for (let i = view.period.completeMonths; i < 12; i++) {
    result.push({ index: i, t: monthNumber(view.year, i), partial: i === view.period.month - 1 && !view.period.monthEnd });
  }
  return result;
}

/**
 * What is left of a month that asOf is inside: the month's expectation less what it already has,
 * never past zero (a month that already has more than expected adds nothing more).
 */
export function remainderOfMonth(expected: number, soFar: number): number {
  if (expected >= 0) return Math.max(0, expected - soFar);
  return Math.min(0, expected - soFar);
}
