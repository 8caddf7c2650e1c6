import { BadRequestException } from '@nestjs/common';
import { isCivilDate } from '@ramprognos/calendar';
import { isRfc3339Timestamp } from '@ramprognos/contracts';
import { errorBody } from '@ramprognos/service-kit';

/** (year, asOf, knownAt) of SPEC §6, checked; knownAt defaults to now and is echoed back. */
export interface ReportPeriod {
  readonly year: number;
  readonly asOf: string;
  readonly knownAt: string;
}

export function parseReportPeriod(query: Record<string, unknown>, now: () => Date = () => new Date()): ReportPeriod {
  const errors: { field: string; message: string }[] = [];
  const rawYear = query.year;
  const year = typeof rawYear === 'string' && /^\d{4}$/.test(rawYear) ? Number(rawYear) : typeof rawYear === 'number' ? rawYear : NaN;
  if (!Number.isInteger(year) || year < 2000 || year > 2100) errors.push({ field: 'year', message: 'must be a year such as 2023' });
  const asOf = typeof query.asOf === 'string' ? query.asOf : '';
  if (!isCivilDate(asOf)) errors.push({ field: 'asOf', message: 'must be a date YYYY-MM-DD' });
  else if (Number.isInteger(year) && Number(asOf.slice(0, 4)) !== year) errors.push({ field: 'asOf', message: `must be a date in ${year}` });
  let knownAt = now().toISOString();
  if (query.knownAt !== undefined && query.knownAt !== '') {
    if (typeof query.knownAt !== 'string' || !isRfc3339Timestamp(query.knownAt)) {
      errors.push({ field: 'knownAt', message: 'must be an RFC 3339 timestamp, e.g. 2023-09-01T00:00:00Z' });
    } else knownAt = new Date(query.knownAt).toISOString();
  }
  if (errors.length > 0) throw new BadRequestException(errorBody(...errors));
  return { year, asOf, knownAt };
}
