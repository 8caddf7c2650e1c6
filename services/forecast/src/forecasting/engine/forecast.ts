import type { PlacementExplanation } from '../methods/placements';
import type { MonthForecast } from '../methods/payments';
import type { LateArrivals } from '../methods/series';

/** What the engine answers for one (year, asOf, knownAt). Money in öre (bigint), volumes in their unit. */
export interface Forecast {
  readonly year: number;
  readonly asOf: string;
  readonly knownAt: string;
  readonly historyYears: readonly number[];
  /** Sorted by key. */
  readonly keys: readonly KeyForecast[];
  readonly total: ForecastTotals;
  readonly byStream: Readonly<Record<'payments' | 'placements' | 'ledger', ForecastTotals>>;
}

export interface ForecastTotals {
  readonly actualYtd: bigint;
  readonly forecastFullYear: bigint;
  /** Sums of the keys' bands: a cautious band (it assumes the keys err together). */
  readonly low: bigint;
  readonly high: bigint;
  readonly runRate: bigint;
}

export type VolumeUnit = 'VARDDYGN' | 'HUSHALLSMANADER';

export interface KeyForecast {
  readonly key: string;
  readonly actualYtd: bigint;
  readonly forecastFullYear: bigint;
  readonly low: bigint;
  readonly high: bigint;
  readonly method: string;
  readonly volume: { readonly unit: VolumeUnit; readonly actualYtd: number; readonly forecastFullYear: number } | null;
  /** forecastFullYear / forecast volume, to the öre; null without a volume. */
  readonly unitCost: bigint | null;
  readonly baseline: { readonly runRate: bigint };
  readonly band: BandBasis;
  /** Events for 1 January .. asOf not yet known at knownAt, expected from last year's (in forecastFullYear). */
  readonly lateEvents: LateArrivals | null;
  readonly explanation: KeyExplanation;
}

/** Where the band comes from: the method's own errors on earlier years for this key, or a default share. */
export interface BandBasis {
  readonly basis: 'back-test' | 'default';
  /** (outcome − forecast) / |outcome| of the same method as of the same day of earlier years, latest first. */
  readonly backTestErrors: readonly number[];
}

export type KeyExplanation =
  | { readonly kind: 'placements'; readonly parts: PlacementExplanation }
  | {
      readonly kind: 'series';
      /** Month by month, what is still expected (after asOf). */
      readonly months: readonly MonthForecast[];
      readonly trendPerYear?: Readonly<Record<string, number>>;
    }
  | { readonly kind: 'run-rate' };
