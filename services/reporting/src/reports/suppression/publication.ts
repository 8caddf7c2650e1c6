import { daysInMonth, isCivilDate, monthKey } from '@ramprognos/calendar';

/*
 * The calendar of published volumes (services/reporting/README.md, "Small counts"). The ekonom
 * role sees counts of people, households and placements only as they were published: each month
 * once, at one fixed knowledge time. A finer grain (a day, a knownAt of the reader's choosing)
 * would let two reports differ by a handful of people.
 */

/** The day of the following month on which a month's volumes are published (00:00 UTC). */
export const PUBLICATION_DAY = 10;

/** `YYYY-MM-DD`, the last day of a month. */
export function monthEnd(year: number, month: number): string {
  return `${monthKey(year, month)}-${String(daysInMonth(year, month)).padStart(2, '0')}`;
}

/**
 * When a month's volumes are published, and the knowledge time they are taken at: 00:00 UTC on
 * the tenth of the following month, so that what was recorded for the month in the first days
 * after it (the month's close) is in.
 */
export function publicationInstant(year: number, month: number): string {
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return `${monthKey(next.year, next.month)}-${String(PUBLICATION_DAY).padStart(2, '0')}T00:00:00.000Z`;
}

/**
 * The last month of `year` whose volumes a report at asOf may show to the ekonom role: it has
 * ended by asOf and it is published at `limit` (the earlier of the report's knownAt and now).
 * 0 when there is none yet.
 */
export function publishedMonth(year: number, asOf: string, limit: number): number {
  if (!isCivilDate(asOf) || Number(asOf.slice(0, 4)) !== year)
    throw new RangeError(`asOf must be a date in ${year}`);
  const month = Number(asOf.slice(5, 7));
  const lastEnded = asOf === monthEnd(year, month) ? month : month - 1;
  for (let m = lastEnded; m >= 1; m--) if (Date.parse(publicationInstant(year, m)) <= limit) return m;
  return 0;
}
