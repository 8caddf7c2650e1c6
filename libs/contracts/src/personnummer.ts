import { createHmac } from 'node:crypto';
import { daysInMonth } from './primitives';

/*
 * Swedish personnummer: YYYYMMDD-NNNN or YYMMDD-NNNN ('+' instead of '-' from the year the
 * person turns 100), the hyphen optional. The last digit is a Luhn check digit over the
 * 10-digit form. Samordningsnummer (day + 60) are accepted too: social services serve many
 * people who have one instead of a personnummer.
 *
 * Nothing here ever puts the value, or any part of it, into a message.
 */

export class PersonnummerError extends Error {
  override readonly name = 'PersonnummerError';
}

export type PersonnummerCheck = { readonly ok: true } | { readonly ok: false; readonly message: string };

const TWELVE = /^([0-9]{4})([0-9]{2})([0-9]{2})-?([0-9]{4})$/;
const TEN = /^([0-9]{2})([0-9]{2})([0-9]{2})([-+]?)([0-9]{4})$/;

export const PERSONNUMMER_FORMAT =
  'must be a personnummer of 12 digits (YYYYMMDD-NNNN) or 10 digits (YYMMDD-NNNN)';

interface Parts {
  readonly year: number | null; // null: a 10-digit form without a reference year to place it
  readonly yy: string;
  readonly month: number;
  readonly day: number;
  readonly serial: string;
}

type Parsed = { readonly ok: true; readonly parts: Parts } | { readonly ok: false; readonly message: string };

function parse(value: unknown, referenceYear: number | null): Parsed {
  if (typeof value !== 'string' || value.length > 13) return { ok: false, message: PERSONNUMMER_FORMAT };
  const twelve = TWELVE.exec(value);
  if (twelve !== null) {
    const [, year, month, day, serial] = twelve;
    return check({ year: Number(year), yy: year.slice(2), month: Number(month), day: Number(day), serial });
  }
  const ten = TEN.exec(value);
  if (ten === null) return { ok: false, message: PERSONNUMMER_FORMAT };
  const [, yy, month, day, separator, serial] = ten;
  const year = referenceYear === null ? null : inferYear(Number(yy), separator === '+', referenceYear);
  return check({ year, yy, month: Number(month), day: Number(day), serial });
}

/** '-' (or none): under 100 in the reference year; '+': 100 or older. */
function inferYear(yy: number, hundredOrOlder: boolean, referenceYear: number): number {
  const latest = referenceYear - ((((referenceYear - yy) % 100) + 100) % 100);
  return hundredOrOlder ? latest - 100 : latest;
}

function check(parts: Parts): Parsed {
  const day = parts.day > 60 ? parts.day - 60 : parts.day;
  // Without a year, 29 February cannot be judged; any leap year lets it through.
  const monthLength =
    parts.month >= 1 && parts.month <= 12 ? daysInMonth(parts.year ?? 2000, parts.month) : 0;
  if (day < 1 || day > monthLength) return { ok: false, message: 'has an impossible birth date' };
  if (
    !luhnValid(
      `${parts.yy}${String(parts.month).padStart(2, '0')}${String(parts.day).padStart(2, '0')}${parts.serial}`,
    )
  ) {
    return { ok: false, message: 'fails the check digit' };
  }
  return { ok: true, parts };
}

function luhnValid(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const product = Number(tenDigits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10 === Number(tenDigits[9]);
}

/**
 * Checks form, birth date and check digit. `referenceYear` (the year of the event's business
 * date) places a 10-digit form in its century; with null, only 29 February is left unjudged.
 */
export function checkPersonnummer(value: unknown, referenceYear: number | null): PersonnummerCheck {
  const parsed = parse(value, referenceYear);
  return parsed.ok ? { ok: true } : { ok: false, message: parsed.message };
}

// 10 or 12 digits, optionally with the separator, not part of a longer run of digits.
const EMBEDDED = /(?<![0-9])(?:[0-9]{8}|[0-9]{6})[-+]?[0-9]{4}(?![0-9])/g;

/**
 * Whether a string holds something that passes as a personnummer (form, birth date, check digit)
 * anywhere in it — the same test as the privacy scanner's. Ids, codes and free texts other than
 * intake's `personnummer` field must not carry one: past the door it would reach the topics.
 */
export function containsPersonnummer(value: string): boolean {
  for (const match of value.matchAll(EMBEDDED)) if (parse(match[0], null).ok) return true;
  return false;
}

/** The text with every such personnummer replaced by `mask` (logs, free texts). */
export function maskPersonnummer(text: string, mask: string): string {
  return text.replace(EMBEDDED, (match) => (parse(match, null).ok ? mask : match));
}

export const HOLDS_PERSONNUMMER = 'must not contain a personnummer (send the pseudonymous id, never the person’s number)';

/** The 12-digit form without separator, YYYYMMDDNNNN. */
export function normalisePersonnummer(value: string, referenceYear: number): string {
  if (!Number.isInteger(referenceYear)) throw new PersonnummerError('referenceYear must be a whole year');
  const parsed = parse(value, referenceYear);
  if (!parsed.ok) throw new PersonnummerError(`personnummer ${parsed.message}`);
  const { year, month, day, serial } = parsed.parts;
  return `${String(year).padStart(4, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${serial}`;
}

/**
 * personRef: HMAC-SHA256, hex, over the normalised 12-digit form, so that the 10- and 12-digit
 * forms of one person give one ref. `referenceYear` is the year of the event's business date
 * (openedOn); it only matters for the 10-digit form.
 */
export function pseudonymise(personnummer: string, key: string | Uint8Array, referenceYear: number): string {
  if (key.length === 0) throw new PersonnummerError('the pseudonymisation key must not be empty');
  return createHmac('sha256', key).update(normalisePersonnummer(personnummer, referenceYear)).digest('hex');
}

export const PERSON_REF_PATTERN = /^[0-9a-f]{64}$/;
