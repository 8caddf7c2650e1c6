// Calendar arithmetic on plain day numbers (days since 1970-01-01, proleptic Gregorian), so that no
// time zone or Date object can shift a business date.
import { ReferenceInputError } from './exact';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|([+-])(\d{2}):(\d{2}))$/;

export interface CivilDate {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

// Howard Hinnant's days_from_civil / civil_from_days.
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civil(dayNo: number): CivilDate {
  const z = dayNo + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** A `YYYY-MM-DD` business date as a day number; rejects 2023-02-30 and friends. */
export function parseDate(text: unknown, what: string): number {
  const m = typeof text === 'string' ? DATE.exec(text) : null;
  if (!m) throw new ReferenceInputError(`${what}: "${String(text)}" is not a YYYY-MM-DD date`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new ReferenceInputError(`${what}: "${text}" is not a calendar date`);
  }
  return dayNumber(year, month, day);
}

/** An RFC 3339 timestamp as exact nanoseconds since the epoch (UTC), so `time ≤ knownAt` is exact. */
export function parseInstant(text: unknown, what: string): bigint {
  const m = typeof text === 'string' ? INSTANT.exec(text) : null;
  if (!m) throw new ReferenceInputError(`${what}: "${String(text)}" is not an RFC 3339 timestamp`);
  const day = parseDate(`${m[1]}-${m[2]}-${m[3]}`, what);
  const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (h > 23 || min > 59 || s > 60) throw new ReferenceInputError(`${what}: "${text}" has a bad time of day`);
  let seconds = BigInt(day) * 86400n + BigInt(h * 3600 + min * 60 + s);
  if (m[9]) seconds -= BigInt((m[9] === '-' ? -1 : 1) * (Number(m[10]) * 3600 + Number(m[11]) * 60));
  return seconds * 1_000_000_000n + BigInt((m[7] ?? '').padEnd(9, '0'));
}
