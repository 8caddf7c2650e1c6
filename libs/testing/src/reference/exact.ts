// Exact arithmetic for the reference calculator. Deliberately written here rather than taken from
// @ramprognos/money: the reference exists to catch bugs in the shared code, so it must not share it.

/** Thrown for input the contract says a service must reject (bad amount, unknown line, …). */
export class ReferenceInputError extends Error {
  override readonly name = 'ReferenceInputError';
}

const AMOUNT = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** A SPEC §4 amount ("1234.50", "-3", at most two decimals, no exponent) as öre. */
export function parseOre(text: unknown, what: string): bigint {
  if (typeof text !== 'string')
    throw new ReferenceInputError(`${what}: expected a decimal string, got ${typeof text}`);
  const m = AMOUNT.exec(text);
  if (!m) throw new ReferenceInputError(`${what}: "${text}" is not a decimal with at most two decimals`);
  const ore = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -ore : ore;
}

/** A fraction n/d, always reduced and with d > 0. */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function rational(n: bigint, d = 1n): Rational {
  if (d === 0n) throw new RangeError('division by zero');
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d) || 1n;
  return { n: (sign * n) / g, d: (sign * d) / g };
}

export const ZERO = rational(0n);

export function add(a: Rational, b: Rational): Rational {
  return rational(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function mul(a: Rational, b: Rational): Rational {
  return rational(a.n * b.n, a.d * b.d);
}

/** Nearest integer, halves away from zero (SPEC §6 rounding). */
export function roundHalfAwayFromZero(r: Rational): bigint {
  const abs = r.n < 0n ? -r.n : r.n;
  const rounded = (2n * abs + r.d) / (2n * r.d);
  return r.n < 0n ? -rounded : rounded;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * A profile weight exactly as written. A JSON number is taken by its shortest decimal spelling
 * (String(0.085) === "0.085"), which is what the budget's author typed — not the binary double.
 */
export function parseWeight(value: unknown, what: string): Rational {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string') throw new ReferenceInputError(`${what}: expected a number`);
  const m = DECIMAL.exec(text);
  if (!m) throw new ReferenceInputError(`${what}: "${text}" is not a decimal number`);
  const fraction = m[3] ?? '';
  const exponent = Number(m[4] ?? '0') - fraction.length;
  let n = BigInt(m[2] + fraction);
  let d = 1n;
  if (exponent >= 0) n *= 10n ** BigInt(exponent);
  else d = 10n ** BigInt(-exponent);
  return rational(m[1] === '-' ? -n : n, d);
}
