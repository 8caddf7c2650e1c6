/** A fraction with a positive denominator. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

// Doubles need at most 3 exponent digits (5e-324 … 1.8e308); a bound keeps 10n ** exp cheap.
const MAX_EXPONENT = 400;
const DECIMAL = /^(-)?([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/;

/**
 * The exact value of a decimal number as num / 10^k, with no float arithmetic: a number is
 * read from its shortest round-trip representation (`String(0.085)` is "0.085", so 85/1000),
 * which is what the JSON text said. Trailing fractional zeros are dropped; no further
 * reduction, so the denominator is always a power of ten.
 */
export function decimalToRational(x: number | string): Rational {
  if (typeof x === 'number' && !Number.isFinite(x)) throw new RangeError('not a finite number');
  const text = typeof x === 'number' ? String(x) : x;
  const match = DECIMAL.exec(text);
  if (match === null) throw new RangeError('not a decimal number, e.g. "0.085" or "1e-3"');
  const [, minus, whole, fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  if (Math.abs(exponent) > MAX_EXPONENT) throw new RangeError('exponent out of range');
  const trimmedFraction = fraction.replace(/0+$/, '');
  const digits = BigInt(whole + trimmedFraction);
  const scale = trimmedFraction.length - exponent;
  const signed = minus === undefined ? digits : -digits;
  if (scale <= 0) return { num: signed * 10n ** BigInt(-scale), den: 1n };
  return { num: signed, den: 10n ** BigInt(scale) };
}
