import { divRoundHalfAwayFromZero } from '@ramprognos/money';
import { periodOf } from '../engine/period';

/**
 * The naive baseline every forecast is shown beside: actual so far × 12 / months elapsed, the
 * month of asOf counting by days elapsed. Exact in öre, rounded once, halves away from zero.
 */
export function runRateFullYear(actualYtdOre: bigint, asOf: string): bigint {
  const p = periodOf(asOf);
  const elapsedDaysOfMonths = BigInt((p.month - 1) * p.daysInMonth + p.day);
  return divRoundHalfAwayFromZero(actualYtdOre * 12n * BigInt(p.daysInMonth), elapsedDaysOfMonths);
}
