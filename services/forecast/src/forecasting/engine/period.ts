import { daysInMonth, toEpochDay, type EpochDay } from '@ramprognos/calendar';

/** Where asOf falls in its year: what is actual, what is left to forecast. */
export interface Period {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
  readonly daysInMonth: number;
  /** asOf is the last day of its month. */
  readonly monthEnd: boolean;
  /** Months of the year wholly in the past (January = 1): month, or month − 1 mid-month. */
  readonly completeMonths: number;
  readonly asOfDay: EpochDay;
  readonly yearEndDay: EpochDay;
  /** Days after asOf to 31 December. */
  readonly daysLeft: number;
}

export function periodOf(asOf: string): Period {
  const year = Number(asOf.slice(0, 4));
  const month = Number(asOf.slice(5, 7));
  const day = Number(asOf.slice(8, 10));
  const dim = daysInMonth(year, month);
  const asOfDay = toEpochDay(asOf);
  const yearEndDay = toEpochDay(`${year}-12-31`);
  return {
    year,
    month,
    day,
    daysInMonth: dim,
    monthEnd: day === dim,
    completeMonths: day === dim ? month : month - 1,
    asOfDay,
    yearEndDay,
    daysLeft: yearEndDay - asOfDay,
  };
}

/** A running month number (year × 12 + month − 1), so that trends see consecutive months. */
export function monthNumber(year: number, monthIndex: number): number {
  return year * 12 + monthIndex;
}

/** The same calendar day a number of years earlier (29 February becomes 28 February). */
export function sameDayYearsBefore(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) - years;
  const month = Number(date.slice(5, 7));
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${date.slice(5, 7)}-${String(day).padStart(2, '0')}`;
}
