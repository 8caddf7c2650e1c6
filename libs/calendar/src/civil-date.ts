/**
 * Civil dates (`YYYY-MM-DD`, no time zone) as day numbers since 1970-01-01, so that date
 * arithmetic is integer arithmetic. Business dates in SPEC §4 are civil dates; using Date objects
 * with local time zones for them is how off-by-one-day bugs start.
 */
export type EpochDay = number;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

/** True for a real calendar date in `YYYY-MM-DD` form (2023-02-30 is not). */
export function isCivilDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isYearMonth(value: string): boolean {
  const match = MONTH.exec(value);
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 12;
}

export function toEpochDay(date: string): EpochDay {
  if (!isCivilDate(date)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

export function fromEpochDay(day: EpochDay): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function epochDayOf(year: number, month: number, day: number): EpochDay {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** `YYYY-MM` of a civil date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

export function monthKey(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** The first and last day of a month, as epoch days. */
export function monthBounds(year: number, month: number): { first: EpochDay; last: EpochDay } {
  const first = epochDayOf(year, month, 1);
  return { first, last: first + daysInMonth(year, month) - 1 };
}

/** The twelve months of a year as `YYYY-MM`. */
export function monthsOfYear(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => monthKey(year, i + 1));
}
