import type { RateChange } from '../../projections/placement-days/placement-days';

/*
 * What the engine forecasts from: plain data, produced alike from the projections (the service)
 * and from events in memory (the back-test), so that the engine never touches a database and a
 * past (asOf, knownAt) gives the same input — and so the same forecast — every time.
 */

/** One month of one classification key. */
export interface MonthFigure {
  /** Net öre with a business date in the month (SPEC §6). */
  readonly amountOre: bigint;
  /** Vårddygn (placements keys), distinct households with a disbursed component (payments category keys), else 0. */
  readonly volume: number;
}

export interface YearSeries {
  readonly year: number;
  /** Twelve months, January first. In the forecast year, months after asOf are zero and asOf's month runs to asOf. */
  readonly months: readonly MonthFigure[];
}

export interface KeySeries {
  /** Classification key id (`libs/contracts/src/classification-key.ts`). */
  readonly key: string;
  /** The history years and the forecast year, ascending; a year without figures may be absent. */
  readonly years: readonly YearSeries[];
  /**
   * Last year 1 January .. the same day as asOf, as it was known at the same distance after that
   * day as knownAt is after asOf (present when year − 1 is history). Compared with what last year
   * came to for those dates, it shows how much arrives late — an accrual exported after the
   * month-end close, a placement registered weeks after it began — so that the forecast can expect
   * this year's late events instead of reading their absence as a lower level.
   */
  readonly lastYearSoFarAsKnown?: MonthFigure;
}

/** A placement as known at knownAt (start, latest-known end, known rate changes). */
export interface PlacementFact {
  readonly placementId: string;
  /** Its placements classification key id. */
  readonly key: string;
  readonly startDate: string;
  /** The last day of care as known at knownAt, or null while no end is known. */
  readonly endDate: string | null;
  readonly plannedEndDate: string | null;
  /** UTC date on which the start became known: how long registrations lag is learnt from these. */
  readonly registeredOn: string;
  readonly dailyRateOre: bigint;
  readonly rateChanges: readonly RateChange[];
}

export interface ForecastInput {
  readonly year: number;
  /** Last business date counted (inclusive), in `year`. */
  readonly asOf: string;
  /** Only what was known at this instant (ISO) is in the input. */
  readonly knownAt: string;
  /**
   * Complete earlier years with figures, ascending and consecutive, ending at year − 1 (at most
   * three); empty when there is no history. Seasonal profiles and trends are learnt from them.
   */
  readonly historyYears: readonly number[];
  /** Every key with figures in the forecast year or a history year, sorted by key. */
  readonly keys: readonly KeySeries[];
  /**
   * Placements known at knownAt that started on or before asOf and were running on or after
   * 1 January of the first history year (of `year` without history), sorted by placementId:
   * the commitments, the durations and the inflow are read from them.
   */
  readonly placements: readonly PlacementFact[];
}
