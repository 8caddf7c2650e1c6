import { daysInMonth, daysInYear, isCivilDate } from '@ramprognos/calendar';
import type { Ore, Rational } from '@ramprognos/money';
import type { Profile } from './budget';
import { weightOf } from './budget-document';
import { ZERO, plus, ratio, roundRational, times } from './exact';

/**
 * The share of the annual budget that belongs to each month (SPEC §5 `profile`), exact.
 * HISTORICAL needs the line's net cost per calendar month summed over the years before the
 * budget year (known at the report's knownAt); when that sum is zero it falls back to EVEN.
 * Negative months or a negative sum (a revenue line) are used as they are.
 */
export function profileWeights(
  profile: Profile,
  year: number,
  historicalNetByMonth?: readonly Ore[],
): Rational[] {
  const even = (): Rational[] => Array.from({ length: 12 }, () => ratio(1n, 12n));
  if (profile === 'EVEN') return even();
  if (profile === 'DAYS') {
    const days = BigInt(daysInYear(year));
    return Array.from({ length: 12 }, (_, m) => ratio(BigInt(daysInMonth(year, m + 1)), days));
  }
  if (profile === 'HISTORICAL') {
    if (historicalNetByMonth === undefined || historicalNetByMonth.length !== 12) {
      throw new RangeError('a HISTORICAL profile needs the net cost of each of the twelve months');
    }
    const total = historicalNetByMonth.reduce((a, b) => a + b, 0n);
    return total === 0n ? even() : historicalNetByMonth.map((h) => ratio(h, total));
  }
  // Twelve weights, taken exactly as written and not renormalised (validated on adoption).
  return profile.map((w, i) => {
    const exact = weightOf(w);
    if (exact === null) throw new RangeError(`profile weight ${i} is not a decimal number`);
    return exact;
  });
}

/** Σ of the weights of the months before asOf's month, plus that month's weight × days elapsed / days in it. */
export function shareThrough(weights: readonly Rational[], asOf: string): Rational {
  if (!isCivilDate(asOf)) throw new RangeError('asOf must be a date YYYY-MM-DD');
  const [year, month, day] = [Number(asOf.slice(0, 4)), Number(asOf.slice(5, 7)), Number(asOf.slice(8, 10))];
  let share = ZERO;
  for (let m = 1; m < month; m++) share = plus(share, weights[m - 1]);
  return plus(share, times(weights[month - 1], ratio(BigInt(day), BigInt(daysInMonth(year, month)))));
}

/** budgetYtd (SPEC §6): annual × share through asOf, rounded once, to the öre, halves away from zero. */
export function periodise(annualBudget: Ore, weights: readonly Rational[], asOf: string): Ore {
  return roundRational(times(ratio(annualBudget), shareThrough(weights, asOf)));
}
