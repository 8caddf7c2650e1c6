import { SEK_PATTERN, MAX_ABS_ORE, tryParseSek } from '@ramprognos/money';
import { z } from 'zod';
import { withJsonSchema } from './json-schema-hints';
import { HOLDS_PERSONNUMMER, containsPersonnummer } from './personnummer';

// Caps keep hostile input cheap to reject and bounded in storage and error messages.
export const MAX_ID_LENGTH = 256;
export const MAX_TEXT_LENGTH = 1000;
export const MAX_URI_LENGTH = 1024;

export type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A string field checked by one function, so that a bad value gets exactly one message. */
function checkedString(check: (value: string) => string | null, hint: Record<string, unknown>) {
  const schema = z.string().superRefine((value, ctx) => {
    const problem = check(value);
    if (problem !== null) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });
  return withJsonSchema(schema, { type: 'string', ...hint });
}

function lengthProblem(value: string, max: number): string | null {
  if (value.length === 0) return 'must not be empty';
  if (value.length > max) return `must be at most ${max} characters`;
  return null;
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

// A surrogate half without its other half (no `u` flag: the regex sees UTF-16 code units).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a string is well-formed UTF-16 (String.prototype.isWellFormed of ES2024). A lone
 * surrogate has no UTF-8 form: Node writes it to Kafka and PostgreSQL as U+FFFD, so the stored
 * event differs from the one received (a resend looks like a conflict) and jsonb refuses it.
 */
export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

export const NOT_WELL_FORMED = 'must be well-formed Unicode (it holds a lone UTF-16 surrogate)';

function encodingProblem(value: string): string | null {
  return isWellFormedText(value) ? null : NOT_WELL_FORMED;
}

/** Well-formed, and no personnummer in it (ids and codes are Kafka keys and end up on the topics). */
function contentProblem(value: string): string | null {
  return encodingProblem(value) ?? (containsPersonnummer(value) ? HOLDS_PERSONNUMMER : null);
}

/** Ids and codes end up as Kafka keys, database keys and CSV cells: no control characters. */
function boundedString(max: number, description: string) {
  return checkedString(
    (value) =>
      lengthProblem(value, max) ??
      (CONTROL_CHARACTERS.test(value) ? 'must not contain control characters' : contentProblem(value)),
    { minLength: 1, maxLength: max, description },
  );
}

export const idSchema = boundedString(MAX_ID_LENGTH, 'an identifier, unique within its kind');
export const codeSchema = boundedString(MAX_ID_LENGTH, 'a code from the source system');
// A personnummer in a free text is masked by ingestion before anything is stored (a posting
// text such as "Återkrav 19121212-1212" is common in ledger exports); ids and codes are refused.
export const textSchema = checkedString(
  (value) => lengthProblem(value, MAX_TEXT_LENGTH) ?? encodingProblem(value),
  { minLength: 1, maxLength: MAX_TEXT_LENGTH },
);

/** A non-empty string of at most `max` characters, well-formed Unicode, and no other rule. */
export function wellFormedString(max: number) {
  return checkedString((value) => lengthProblem(value, max) ?? encodingProblem(value), {
    minLength: 1,
    maxLength: max,
  });
}

// ---------------------------------------------------------------- dates and times

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const YEAR_MONTH = /^([0-9]{4})-([0-9]{2})$/;
const TIMESTAMP =
  /^([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,9})?(?:[Zz]|[+-]([0-9]{2}):([0-9]{2}))$/;

export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** `YYYY-MM-DD` naming a day that exists (2023-02-30 does not). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function isYearMonth(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = YEAR_MONTH.exec(value);
  return match !== null && Number(match[1]) >= 1 && Number(match[2]) >= 1 && Number(match[2]) <= 12;
}

/**
 * RFC 3339 date-time with a time zone, on a real calendar day. Leap seconds (:60) are refused:
 * no JavaScript or PostgreSQL clock can hold them, and a knowledge time does not need them.
 */
export function isRfc3339Timestamp(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 40) return false;
  const match = TIMESTAMP.exec(value);
  if (match === null || !isCalendarDate(match[1])) return false;
  const [hour, minute, second] = [Number(match[2]), Number(match[3]), Number(match[4])];
  const offsetHour = match[6] === undefined ? 0 : Number(match[6]);
  const offsetMinute = match[7] === undefined ? 0 : Number(match[7]);
  return hour <= 23 && minute <= 59 && second <= 59 && offsetHour <= 23 && offsetMinute <= 59;
}

export const dateSchema = checkedString(
  (value) =>
    !DATE.test(value)
      ? 'must be a date in the form YYYY-MM-DD'
      : !isCalendarDate(value)
        ? 'is not a real calendar date (YYYY-MM-DD)'
        : null,
  { format: 'date', pattern: DATE.source },
);

export const yearMonthSchema = checkedString(
  (value) => (isYearMonth(value) ? null : 'must be a month in the form YYYY-MM'),
  { pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' },
);

export const timestampSchema = checkedString(
  (value) =>
    isRfc3339Timestamp(value)
      ? null
      : 'must be an RFC 3339 timestamp with a time zone on a real calendar date, e.g. "2023-05-01T08:00:00Z"',
  { format: 'date-time', maxLength: 40 },
);

// ---------------------------------------------------------------- money

export type AmountSign = 'signed' | 'nonNegative' | 'positive';

const AMOUNT_DESCRIPTION: Readonly<Record<AmountSign, string>> = {
  signed: 'SEK as a decimal string with at most two decimals, e.g. "1234.50" or "-75.00"',
  nonNegative: 'SEK as a decimal string with at most two decimals, e.g. "1234.50"; not negative',
  positive: 'SEK as a decimal string with at most two decimals, e.g. "1234.50"; greater than zero',
};

/** Amounts stay decimal strings in events; `@ramprognos/money` is the one parser. */
export function sekAmountSchema(sign: AmountSign) {
  return checkedString(
    (value) => {
      const parsed = tryParseSek(value);
      if (!parsed.ok) return parsed.message;
      if (sign === 'nonNegative' && parsed.ore < 0n) return 'must not be negative';
      if (sign === 'positive' && parsed.ore <= 0n) return 'must be greater than zero';
      return null;
    },
    {
      pattern: sign === 'signed' ? SEK_PATTERN.source : SEK_PATTERN.source.replace('^-?', '^'),
      maxLength: 24,
      description: AMOUNT_DESCRIPTION[sign],
    },
  );
}

const ORE_INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/** Öre as a decimal integer string ("123450"): what the forecast publishes; JSON numbers are not exact. */
export const oreIntegerSchema = checkedString(
  (value) => {
    if (value.length > 21 || !ORE_INTEGER.test(value)) {
      return 'must be a whole number of öre as a decimal string, e.g. "123450"';
    }
    const ore = BigInt(value);
    return ore > MAX_ABS_ORE || ore < -MAX_ABS_ORE ? 'is out of range for öre' : null;
  },
  { pattern: ORE_INTEGER.source, maxLength: 21, description: 'öre as a decimal integer string' },
);

// ---------------------------------------------------------------- other shared pieces

// eslint-disable-next-line no-useless-escape
const URI_REFERENCE = /^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$/;

/** RFC 3986 URI-reference characters only, e.g. "urn:system:lifecare" or "/lifecare". */
export const uriReferenceSchema = checkedString(
  (value) =>
    lengthProblem(value, MAX_URI_LENGTH) ??
    (URI_REFERENCE.test(value) ? null : 'must be a URI reference, e.g. "urn:system:lifecare"'),
  { minLength: 1, maxLength: MAX_URI_LENGTH, format: 'uri-reference' },
);

/** Small whole numbers (people in a household): a larger value is a data error, not a big family. */
export const headcountSchema = z.number().int().min(0).max(100);

/** A value that must not be there, with a message saying why (e.g. personnummer once published). */
export function forbiddenField(message: string) {
  return withJsonSchema(
    z.custom<undefined>((value) => value === undefined, { message }),
    { not: {}, description: message },
  ).optional();
}

/** An own property of a plain object, or undefined; never reads through the prototype. */
export function ownField(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.prototype.hasOwnProperty.call(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
