// Civil dates as whole days since 1970-01-01 (UTC) and instants as whole seconds: integers sort,
// subtract and hash cheaply, and no Date (or clock) is involved anywhere in generation.

export type Day = number;
export type Instant = number;
/** A calendar month as year * 12 + (month - 1). */
export type MonthIndex = number;

export const SECONDS_PER_DAY = 86_400;

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
export function dayOf(year: number, month: number, day: number): Day {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export interface Civil {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function civilOf(dayNumber: Day): Civil {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const pad4 = (n: number): string => String(n).padStart(4, '0');

export function formatDay(dayNumber: Day): string {
  const { year, month, day } = civilOf(dayNumber);
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseDay(value: string): Day {
  const match = DATE.exec(value);
  if (match === null) throw new RangeError(`not a date in the form YYYY-MM-DD: ${value}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`not a calendar date: ${value}`);
  }
  return dayOf(year, month, day);
}

/** RFC 3339 in UTC without fractions, e.g. 2021-01-04T06:12:00Z. */
export function formatInstant(instant: Instant): string {
  const dayNumber = Math.floor(instant / SECONDS_PER_DAY);
  const s = instant - dayNumber * SECONDS_PER_DAY;
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  return `${formatDay(dayNumber)}T${pad2(hh)}:${pad2(mm)}:${pad2(s % 60)}Z`;
}

export function instantOf(dayNumber: Day, hour = 0, minute = 0, second = 0): Instant {
  return dayNumber * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
}

export function dayOfInstant(instant: Instant): Day {
  return Math.floor(instant / SECONDS_PER_DAY);
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

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekday(dayNumber: Day): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

export const monthIndex = (year: number, month: number): MonthIndex => year * 12 + (month - 1);
export const yearOfMonth = (mi: MonthIndex): number => Math.floor(mi / 12);
export const monthOfMonth = (mi: MonthIndex): number => (mi % 12) + 1;
export const monthStart = (mi: MonthIndex): Day => dayOf(yearOfMonth(mi), monthOfMonth(mi), 1);
export const monthEnd = (mi: MonthIndex): Day => monthStart(mi + 1) - 1;
export const monthLength = (mi: MonthIndex): number => daysInMonth(yearOfMonth(mi), monthOfMonth(mi));

export function monthIndexOfDay(dayNumber: Day): MonthIndex {
  const { year, month } = civilOf(dayNumber);
  return monthIndex(year, month);
}

export function formatYearMonth(mi: MonthIndex): string {
  return `${pad4(yearOfMonth(mi))}-${pad2(monthOfMonth(mi))}`;
}

// ---------------------------------------------------------------- bank days

/** Gregorian Easter Sunday (anonymous algorithm). */
function easterSunday(year: number): Day {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(year, month, day);
}

const holidayCache = new Map<number, ReadonlySet<Day>>();

/** Swedish days when neither banks nor offices work (the ones that move payments and decisions). */
function holidays(year: number): ReadonlySet<Day> {
  let set = holidayCache.get(year);
  if (set === undefined) {
    const easter = easterSunday(year);
    // Midsommarafton: the Friday between 19 and 25 June.
    let midsummerEve = dayOf(year, 6, 19);
    while (weekday(midsummerEve) !== 4) midsummerEve++;
    set = new Set<Day>([
      dayOf(year, 1, 1),
      dayOf(year, 1, 6),
      easter - 2,
      easter + 1,
      easter + 39,
      dayOf(year, 5, 1),
      dayOf(year, 6, 6),
      midsummerEve,
      dayOf(year, 12, 24),
      dayOf(year, 12, 25),
      dayOf(year, 12, 26),
      dayOf(year, 12, 31),
    ]);
    holidayCache.set(year, set);
  }
  return set;
}

export function isBankDay(dayNumber: Day): boolean {
  return weekday(dayNumber) < 5 && !holidays(civilOf(dayNumber).year).has(dayNumber);
}

const bankDayCache = new Map<MonthIndex, readonly Day[]>();

export function bankDaysOfMonth(mi: MonthIndex): readonly Day[] {
  let days = bankDayCache.get(mi);
  if (days === undefined) {
    const found: Day[] = [];
    for (let d = monthStart(mi); d <= monthEnd(mi); d++) if (isBankDay(d)) found.push(d);
    days = found;
    bankDayCache.set(mi, days);
  }
  return days;
}

/** The first bank day on or after `dayNumber`. */
export function bankDayOnOrAfter(dayNumber: Day): Day {
  let d = dayNumber;
  while (!isBankDay(d)) d++;
  return d;
}

/** The last bank day on or before `dayNumber`. */
export function bankDayOnOrBefore(dayNumber: Day): Day {
  let d = dayNumber;
  while (!isBankDay(d)) d--;
  return d;
}
