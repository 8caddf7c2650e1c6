import type { DataSource } from 'typeorm';
import { actualsByKeyAndMonth, placementsAsKnown } from '../../projections/actuals/actuals-by-key-and-month';
import { householdsByCategoryAndMonth } from '../../projections/history/households-by-category';
import type { FactsQuery, ForecastFacts } from './forecast-facts';

/** The facts from the projections of one generation, all read through one connection (one snapshot, see ForecastService). */
export function databaseFacts(db: Pick<DataSource, 'query'>, generation: number): ForecastFacts {
  // The projection queries only ever call query(); a transaction's runner serves it as well as the pool.
  const source = db as DataSource;
  return {
    actuals: (q: FactsQuery) => actualsByKeyAndMonth(source, { generation, ...q }),
    households: (q: FactsQuery) => householdsByCategoryAndMonth(db, { generation, ...q }),
    placements: (q: FactsQuery) => placementsAsKnown(source, { generation, ...q }),
  };
}
