// Money is whole öre in a JavaScript number: exact up to 2^53 öre (about 90 000 billion SEK),
// far above anything one municipality generates. Random amounts are drawn as floats and turned
// into öre once; from then on only integers are added, multiplied by integers and formatted.

export type Ore = number;

export function assertOre(ore: Ore): Ore {
  if (!Number.isSafeInteger(ore)) throw new RangeError(`not a whole number of öre: ${ore}`);
  return ore;
}

/** "1234.50", "-75.00": always two decimals. */
export function formatOre(ore: Ore): string {
  assertOre(ore);
  const negative = ore < 0;
  const abs = negative ? -ore : ore;
  const kronor = Math.floor(abs / 100);
  const rest = abs - kronor * 100;
  return `${negative ? '-' : ''}${kronor}.${rest < 10 ? '0' : ''}${rest}`;
}

/** A drawn amount in SEK to öre (to the nearest öre). */
export function oreFromSek(sek: number): Ore {
  return Math.round(sek * 100);
}

/** A drawn amount in SEK to whole kronor, as most amounts on decisions are. */
export function wholeKronor(sek: number): Ore {
  return Math.round(sek) * 100;
}

/** a × num / den rounded half away from zero, for integers a, num, den (den > 0). */
export function mulDivRound(a: Ore, num: number, den: number): Ore {
  const product = a * num;
  if (!Number.isSafeInteger(product)) throw new RangeError('öre product out of the exact range');
  const q = Math.trunc(product / den);
  const r = product - q * den;
  if (2 * Math.abs(r) >= den) return q + Math.sign(product);
  return q;
}

/**
 * Splits `total` into parts proportional to `weights` that sum to `total` exactly (largest
 * remainder), so that an amount split into invoices or components still adds up.
 */
export function splitOre(total: Ore, weights: readonly number[]): Ore[] {
  if (total < 0) throw new RangeError('splitOre splits non-negative totals');
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum <= 0) throw new RangeError('weights must have a positive sum');
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map((x) => Math.floor(x));
  let rest = total - parts.reduce((s, p) => s + p, 0);
  const order = raw.map((x, i) => [x - Math.floor(x), i] as const).sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) parts[order[k][1]]++;
  return parts;
}
