/**
 * The one place where a statistical figure (a float of öre) becomes money: the nearest öre,
 * halves away from zero, the same on every run (no locale, no clock, no randomness).
 */
export function roundOre(value: number): bigint {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount of öre: ${value}`);
  const magnitude = Math.round(Math.abs(value));
  return BigInt(value < 0 ? -magnitude : magnitude);
}

/** A volume (vårddygn, hushållsmånader) shown as a whole number, halves away from zero. */
export function roundVolume(value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite volume: ${value}`);
  const magnitude = Math.round(Math.abs(value));
  return value < 0 ? -magnitude : magnitude;
}
