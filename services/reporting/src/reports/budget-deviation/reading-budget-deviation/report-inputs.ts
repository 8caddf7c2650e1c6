import type { ForecastQueries, ReportPeriod } from '../../../forecast-client/forecast-queries';
import type { ActualsResponse } from '../inputs';

// The forecast service's query API refuses years before 2000; ten years of history is plenty
// for a monthly profile.
const OLDEST_YEAR = 2000;
const MAX_HISTORY_YEARS = 10;

/**
 * Actuals of the years before the budget year, each through its 31 December at the report's
 * knownAt (HISTORICAL profiles), newest first, until a year without any: the forecast service
 * has no data before that.
 */
export async function historicalActuals(
  forecast: ForecastQueries,
  period: ReportPeriod,
  authorization: string | undefined,
): Promise<ActualsResponse[]> {
  const result: ActualsResponse[] = [];
  for (let year = period.year - 1; year >= Math.max(OLDEST_YEAR, period.year - MAX_HISTORY_YEARS); year--) {
    const answer = await forecast.actuals(
      { year, asOf: `${year}-12-31`, knownAt: period.knownAt },
      authorization,
    );
    if (answer.keys.length === 0) break;
    result.push(answer);
  }
  return result;
}
