import { Query } from '@nestjs/cqrs';
import type { ForecastAccuracyResponse } from '../compute-forecast-accuracy';

/** `GET /v1/reports/forecast-accuracy?year`. */
export class GetForecastAccuracyQuery extends Query<ForecastAccuracyResponse> {
  constructor(
    readonly year: number,
    readonly authorization: string | undefined,
  ) {
    super();
  }
}
