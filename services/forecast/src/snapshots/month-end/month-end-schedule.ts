import { daysInMonth } from '@ramprognos/calendar';

/**
 * The month end whose snapshot is due at `now`: the last day of the month before now's (UTC
 * calendar date), once `delayHours` of the new month have passed — the schedule's own delay lets
 * the month's last events arrive. Null while the delay runs.
 */
export function dueMonthEnd(now: Date, delayHours = 0): { year: number; asOf: string } | null {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  const startOfMonth = Date.UTC(year, month - 1, 1);
  if (now.getTime() < startOfMonth + delayHours * 3_600_000) return null;
  const endYear = month === 1 ? year - 1 : year;
  const endMonth = month === 1 ? 12 : month - 1;
  return {
    year: endYear,
    asOf: `${endYear}-${String(endMonth).padStart(2, '0')}-${String(daysInMonth(endYear, endMonth)).padStart(2, '0')}`,
  };
}
