/*
 * The low/high band of a key (SPEC §7: "e.g. from its own back-test errors"): the method is run
 * again as of the same day of earlier years, on what the input holds about them, and its relative
 * errors against those years' outcomes, scaled to this year's forecast, give the half-width; never
 * narrower than a floor share of what is still to come. Without an earlier year to test on, a
 * default share of the rest of the year. Events still to arrive for the past (late events) are
 * as uncertain as their expected amount: it is added to the half-width.
 */

export interface BandParameters {
  /** Earlier years the method is re-run on (each needs a year of history of its own). */
  readonly backTestYears: number;
  /** Half-width = multiplier × the largest relative back-test error × |forecast|. */
  readonly errorMultiplier: number;
  /** …but at least this share of |rest of the year|. */
  readonly floorShareOfRemaining: number;
  /** Without back-test errors: this share of |rest of the year|, by method family. */
  readonly defaultShareOfRemaining: Readonly<Record<MethodFamily, number>>;
}

export type MethodFamily = 'placements' | 'payments' | 'ledger' | 'run-rate';

export function bandHalfWidth(input: {
  readonly forecastOre: number;
  readonly remainingOre: number;
  /** Expected late events for 1 January .. asOf (part of the forecast), 0 when none. */
  readonly lateOre?: number;
  readonly errors: readonly number[];
  readonly family: MethodFamily;
  readonly parameters: BandParameters;
}): number {
  const { parameters } = input;
  const remaining = Math.abs(input.remainingOre);
  const late = Math.abs(input.lateOre ?? 0);
  if (input.errors.length === 0) return parameters.defaultShareOfRemaining[input.family] * remaining + late;
  let largest = 0;
  for (const e of input.errors) largest = Math.max(largest, Math.abs(e));
  return Math.max(parameters.errorMultiplier * largest * Math.abs(input.forecastOre), parameters.floorShareOfRemaining * remaining) + late;
}
