import { ORE_PER_SEK, ORE_PER_TKR, type Ore } from './ore';

/** numerator / denominator rounded to the nearest integer, halves away from zero (SPEC §6). */
export function divRoundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = n / d;
  const rounded = (n % d) * 2n >= d ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

/** a × num / den with a single rounding at the end, so no precision is lost in between. */
export function mulDivRound(a: bigint, num: bigint, den: bigint): bigint {
  return divRoundHalfAwayFromZero(a * num, den);
}

export function sumOre(values: Iterable<Ore>): Ore {
  let sum = 0n;
  for (const value of values) {
    // A number slipping in would otherwise surface as a confusing "cannot mix BigInt" error.
    if (typeof value !== 'bigint') throw new TypeError('sumOre takes bigint öre only');
    sum += value;
  }
  return sum;
}

/** "1234.50", "-0.05": the inverse of parseSek, always two decimals. */
export function formatSek(ore: Ore): string {
  const sign = ore < 0n ? '-' : '';
  const magnitude = ore < 0n ? -ore : ore;
  const whole = magnitude / ORE_PER_SEK;
  const fraction = (magnitude % ORE_PER_SEK).toString().padStart(2, '0');
  return `${sign}${whole}.${fraction}`;
}

/** Whole thousands of SEK, rounded halves away from zero, as the tkr cells of CSV/XLSX show. */
export function formatTkr(ore: Ore): bigint {
  return divRoundHalfAwayFromZero(ore, ORE_PER_TKR);
}
