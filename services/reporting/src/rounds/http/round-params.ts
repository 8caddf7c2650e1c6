import { BadRequestException, UnprocessableEntityException } from '@nestjs/common';
import { isCivilDate } from '@ramprognos/calendar';
import { errorBody, type ErrorItem, type Role } from '@ramprognos/service-kit';
import type { OpenRoundRequest } from '../round-service';

/** Controllers open rounds (admins too, to operate); only a controller approves one for the nämnd. */
export const OPENERS: readonly Role[] = ['controller', 'admin'];
export const APPROVERS: readonly Role[] = ['controller'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function roundIdParam(raw: string): string {
  if (!UUID.test(raw)) throw new BadRequestException(errorBody({ field: 'roundId', message: 'must be a round id (UUID)' }));
  return raw;
}

export function lineParam(raw: string): string {
  // eslint-disable-next-line no-control-regex
  if (raw.length < 1 || raw.length > 64 || /[\u0000-\u001f]/.test(raw)) {
    throw new BadRequestException(errorBody({ field: 'line', message: 'must be a line code' }));
  }
  return raw;
}

/** `POST /v1/rounds`: every problem at once, by field (422). */
export function openRoundBody(body: unknown): OpenRoundRequest {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const errors: ErrorItem[] = [];
  const year = b.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1900 || year > 2999) {
    errors.push({ field: 'year', message: 'must be a year such as 2023' });
  }
  if (typeof b.asOf !== 'string' || !isCivilDate(b.asOf)) {
    errors.push({ field: 'asOf', message: 'must be a date YYYY-MM-DD' });
  } else if (typeof year === 'number' && Number(b.asOf.slice(0, 4)) !== year) {
    errors.push({ field: 'asOf', message: `must be a date in ${year}` });
  }
  if (typeof b.label !== 'string' || b.label.trim() === '') {
    errors.push({ field: 'label', message: 'is required, e.g. "Delårsrapport 2023"' });
  }
  if (errors.length > 0) throw new UnprocessableEntityException(errorBody(...errors));
  return { year: year as number, asOf: b.asOf as string, label: (b.label as string).trim() };
}
