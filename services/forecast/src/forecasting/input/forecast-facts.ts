import type { ActualsByKey, KnownPlacement } from '../../projections/actuals/actuals-by-key-and-month';

/** One (year, asOf, knownAt) question to the facts (SPEC §6). */
export interface FactsQuery {
  readonly year: number;
  readonly asOf: string;
  /** ISO instant. */
  readonly knownAt: string;
}

/**
 * The facts the engine's input is built from, answered alike by the projections in PostgreSQL
 * (the service) and by the same rows held in memory (the back-test).
 */
export interface ForecastFacts {
  /** Net öre and care days per key and month, 1 January .. asOf. */
  actuals(q: FactsQuery): Promise<ActualsByKey>;
  /** Distinct households per component category and month, 1 January .. asOf. */
  households(q: FactsQuery): Promise<Map<string, Map<string, number>>>;
  /** Placements with start ≤ asOf that ran on or after 1 January of `year`, as known at knownAt. */
  placements(q: FactsQuery): Promise<KnownPlacement[]>;
}
