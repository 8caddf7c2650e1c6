import { METHODS, type MonthForecast, type SeriesForecast } from './payments';
import { remainderOfMonth, remainingMonths, type SeriesView } from './series';

/*
 * Ledger (SPEC §7): the run rate with last year's monthly pattern — this year so far relative to
 * the same months last year, applied to last year's remaining months. Salaries dip in July and
 * statsbidrag come in lumps; a plain run rate reads both as a change of level.
 *
 * A month is not complete in the ledger when it ends: accruals (PO-pålägg, invoices) are booked
 * on its last day but exported when the period is closed, days later. While the last complete
 * month is still being closed at knownAt, the ratio is read from the months before it, and that
 * month is forecast like the months to come (what is already known of it counts towards it).
 */

export interface LedgerParameters {
  /** Earlier years summed into the pattern (1 = last year only, as SPEC §7 says). */
  readonly patternYears: number;
  /** Above this ratio to last year (or below zero) the pattern says little: the run rate is used. */
  readonly maxRatio: number;
  /** A month counts as still being closed until this many days after its end. */
  readonly closingDays: number;
}

export interface LedgerForecast extends SeriesForecast {
  /** The month (1–12) forecast although it has ended, because it was still being closed at knownAt. */
  readonly closingMonth: number | null;
}

/**
 * @param closingIndex index (0–11) of the last complete month when it is still being closed at
 * knownAt, else null.
 */
export function forecastLedgerPattern(view: SeriesView, parameters: LedgerParameters, closingIndex: number | null): LedgerForecast | null {
  const years = view.history.slice(-Math.max(1, parameters.patternYears));
  if (years.length === 0) return null;
  const pattern = Array.from({ length: 12 }, (_, i) => years.reduce((sum, y) => sum + Number(y.months[i].amountOre), 0));
  const p = view.period;
  const closing = closingIndex !== null && closingIndex >= 1 ? closingIndex : null;

  let elapsed = 0;
  let sofar = 0;
  if (closing !== null) {
    for (let i = 0; i < closing; i++) {
      elapsed += pattern[i];
      sofar += Number(view.current[i].amountOre);
    }
  } else {
    for (const m of view.current) sofar += Number(m.amountOre);
    if (years.length === 1 && view.lastYearSoFarAsKnown !== null) {
      // Last year so far as it was known at the same lag: this year's so far lacks the same late
      // postings, so the ratio is not pulled down by them (the engine adds the late part back).
      elapsed = Number(view.lastYearSoFarAsKnown.amountOre);
    } else {
      for (let i = 0; i < p.completeMonths; i++) elapsed += pattern[i];
      if (!p.monthEnd) elapsed += (pattern[p.month - 1] * p.day) / p.daysInMonth;
    }
  }

  let ratio: number;
  if (elapsed === 0) {
    if (sofar !== 0) return null;
    ratio = 1 / years.length; // nothing so far either year: the rest as it came before
  } else {
    ratio = sofar / elapsed;
    if (ratio < 0 || ratio > parameters.maxRatio) return null;
  }
  let remainingOre = 0;
  const months: MonthForecast[] = [];
  if (closing !== null) {
    const expected = ratio * pattern[closing];
    const amount = expected - Number(view.current[closing].amountOre);
    remainingOre += amount;
    months.push({ month: closing + 1, amountOre: amount });
  }
  for (const { index, partial } of remainingMonths(view)) {
    if (index === closing) continue;
    const expected = ratio * pattern[index];
    const amount = partial ? remainderOfMonth(expected, Number(view.current[index].amountOre)) : expected;
    remainingOre += amount;
    months.push({ month: index + 1, amountOre: amount });
  }
  return {
    method: METHODS.lastYearPattern,
    remainingOre,
    remainingVolume: null,
    months,
    trendPerYear: { amount: ratio * years.length - 1 },
    closingMonth: closing === null ? null : closing + 1,
  };
}
