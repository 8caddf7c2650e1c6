import { divRoundHalfAwayFromZero, type Rational } from '@ramprognos/money';

// Budget shares are exact fractions of bigints: a profile weight of 0.085 is 85/1000, and
// periodisation must round once, at the end (SPEC §6), not once per month.

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function ratio(num: bigint, den = 1n): Rational {
  if (den === 0n) throw new RangeError('division by zero');
  const sign = den < 0n ? -1n : 1n;
  const divisor = gcd(num, den) || 1n;
  return { num: (sign * num) / divisor, den: (sign * den) / divisor };
}

export const ZERO: Rational = { num: 0n, den: 1n };
export const ONE: Rational = { num: 1n, den: 1n };

export function plus(a: Rational, b: Rational): Rational {
  return ratio(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function minus(a: Rational, b: Rational): Rational {
  return ratio(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function times(a: Rational, b: Rational): Rational {
  return ratio(a.num * b.num, a.den * b.den);
}

export function sum(values: readonly Rational[]): Rational {
  return values.reduce(plus, ZERO);
}

/** To the nearest integer, halves away from zero (SPEC §6). */
export function roundRational(value: Rational): bigint {
  return divRoundHalfAwayFromZero(value.num, value.den);
}

/** |value| ≤ num/den, compared exactly. */
export function absAtMost(value: Rational, bound: Rational): boolean {
  const magnitude = value.num < 0n ? -value.num : value.num;
  return magnitude * bound.den <= bound.num * value.den;
}
