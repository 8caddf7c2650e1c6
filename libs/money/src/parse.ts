import type { Ore } from './ore';

/** Thrown when a money string is not in the expected form. The message never echoes the input. */
export class MoneyFormatError extends Error {
  override readonly name = 'MoneyFormatError';
}

export type ParseResult =
  { readonly ok: true; readonly ore: Ore } | { readonly ok: false; readonly message: string };

export const SEK_EXPECTED = 'must be a decimal string with at most two decimals, e.g. "1234.50"';

/**
 * The canonical amount grammar of every event and API. Leading zeros ("007.00") are rejected
 * except for a lone "0": some exporters zero-pad fixed-width fields with implied decimals, so
 * "00012345" may mean 123.45; refusing them is cheaper than guessing.
 */
export const SEK_PATTERN = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]{1,2})?$/;

/** Öre must fit a signed 64-bit integer so every service can store them in a PostgreSQL bigint. */
export const MAX_ABS_ORE = 9_223_372_036_854_775_807n;

// Long enough for MAX_ABS_ORE in SEK with sign and decimals; a cheap guard before any regex.
const MAX_SEK_STRING_LENGTH = 24;

export function tryParseSek(value: unknown): ParseResult {
  if (typeof value !== 'string') return fail(`must be a string; ${SEK_EXPECTED}`);
  if (value === '') return fail(`is empty; ${SEK_EXPECTED}`);
  if (value.length > MAX_SEK_STRING_LENGTH) return fail(`is too long; ${SEK_EXPECTED}`);
  if (!SEK_PATTERN.test(value)) return fail(diagnose(value));
  return toOre(value.startsWith('-'), value.replace('-', ''));
}

export function parseSek(value: string): Ore {
  return unwrap(tryParseSek(value));
}

export function isSekString(value: unknown): value is string {
  return tryParseSek(value).ok;
}

export const SEK_COMMA_EXPECTED =
  'must be an amount with a decimal comma and at most two decimals, e.g. "1 234,50" or "-1234,5"';

// Swedish exports use '-' or U+2212 for minus and a space, no-break space (U+00A0) or narrow
// no-break space (U+202F) between thousands; a '.' is refused because it means thousands in
// some locales and decimals in others.
const SEK_COMMA_PATTERN =
  /^[-\u2212]?(?:0|[1-9][0-9]{0,2}(?:[ \u00A0\u202F][0-9]{3})+|[1-9][0-9]*)(?:,[0-9]{1,2})?$/;

const MAX_SEK_COMMA_STRING_LENGTH = 40;

/** Parses an amount from a Swedish CSV cell (ledger import). Surrounding blanks are ignored. */
export function tryParseSekComma(value: unknown): ParseResult {
  if (typeof value !== 'string') return fail(`must be a string; ${SEK_COMMA_EXPECTED}`);
  if (value.length > MAX_SEK_COMMA_STRING_LENGTH) return fail(`is too long; ${SEK_COMMA_EXPECTED}`);
  const cell = value.replace(/^[\s\u00A0\u202F]+|[\s\u00A0\u202F]+$/g, '');
  if (cell === '') return fail(`is empty; ${SEK_COMMA_EXPECTED}`);
  if (!SEK_COMMA_PATTERN.test(cell)) return fail(SEK_COMMA_EXPECTED);
  const negative = cell.startsWith('-') || cell.startsWith('\u2212');
  const digits = cell
    .replace(/^[-\u2212]/, '')
    .replace(/[ \u00A0\u202F]/g, '')
    .replace(',', '.');
  return toOre(negative, digits);
}

export function parseSekComma(value: string): Ore {
  return unwrap(tryParseSekComma(value));
}

/** `unsigned` is already known to match `digits[.d[d]]`. "-0.00" is accepted and is 0. */
function toOre(negative: boolean, unsigned: string): ParseResult {
  const [whole, fraction = ''] = unsigned.split('.');
  const magnitude = BigInt(whole + fraction.padEnd(2, '0'));
  if (magnitude > MAX_ABS_ORE) return fail(`is out of range (more than ${MAX_ABS_ORE} öre)`);
  return { ok: true, ore: negative ? -magnitude : magnitude };
}

function diagnose(value: string): string {
  if (/^[+-]?[0-9.]*[eE][+-]?[0-9]*$/.test(value)) return `must not use exponent form; ${SEK_EXPECTED}`;
  if (/^-?[0-9]+\.[0-9]{3,}$/.test(value)) return `has more than two decimals; ${SEK_EXPECTED}`;
  if (/^-?0[0-9]/.test(value)) return `must not have leading zeros; ${SEK_EXPECTED}`;
  if (value.includes(',')) return `must use '.' as decimal separator; ${SEK_EXPECTED}`;
  return SEK_EXPECTED;
}

function fail(message: string): ParseResult {
  return { ok: false, message };
}

function unwrap(result: ParseResult): Ore {
  if (!result.ok) throw new MoneyFormatError(`amount ${result.message}`);
  return result.ore;
}
