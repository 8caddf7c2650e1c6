import { BadRequestException } from '@nestjs/common';
import { isCivilDate } from '@ramprognos/calendar';
import { isRfc3339Timestamp } from '@ramprognos/contracts';
import { errorBody, type ErrorItem } from '@ramprognos/service-kit';

/** Query and path parameters, checked in one place; every problem names its parameter (400). */

export function yearOf(raw: unknown, field = 'year'): number | ErrorItem {
  const year = typeof raw === 'string' && /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  return Number.isInteger(year) && year >= 1900 && year <= 2999
    ? year
    : { field, message: 'must be a year such as 2023' };
}

export function parseYear(raw: unknown, field = 'year'): number {
  const year = yearOf(raw, field);
  if (typeof year !== 'number') throw new BadRequestException(errorBody(year));
  return year;
}

export function dateIn(raw: unknown, year: number | null, field: string): string | ErrorItem {
  if (raw === undefined || raw === '') return { field, message: 'is required: a date YYYY-MM-DD' };
  if (typeof raw !== 'string' || !isCivilDate(raw)) return { field, message: 'must be a date YYYY-MM-DD' };
  if (year !== null && Number(raw.slice(0, 4)) !== year)
    return { field, message: `must be a date in ${year}` };
  return raw;
}

/** An RFC 3339 timestamp, or null when not given. */
export function timestampOf(raw: unknown, field: string): string | null | ErrorItem {
  if (raw === undefined || raw === '') return null;
  if (typeof raw !== 'string' || !isRfc3339Timestamp(raw)) {
    return { field, message: 'must be an RFC 3339 timestamp, e.g. 2023-09-01T00:00:00Z' };
  }
  return raw;
}

export function oneOf<T extends string>(
  raw: unknown,
  allowed: readonly T[],
  field: string,
): T | ErrorItem | undefined {
  if (raw === undefined || raw === '') return undefined;
  return typeof raw === 'string' && (allowed as readonly string[]).includes(raw)
    ? (raw as T)
    : { field, message: `must be one of ${allowed.join(', ')}` };
}

export function isError(value: unknown): value is ErrorItem {
  return typeof value === 'object' && value !== null && 'message' in value && 'field' in value;
}

export function throwIfErrors(errors: readonly ErrorItem[]): void {
  if (errors.length > 0) throw new BadRequestException(errorBody(...errors));
}
