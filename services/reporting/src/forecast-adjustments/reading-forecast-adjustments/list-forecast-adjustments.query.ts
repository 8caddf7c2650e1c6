import { Query } from '@nestjs/cqrs';
import type { ForecastAdjustment } from '../forecast-adjustment';

/** `GET /v1/forecast-adjustments?year`: every judgement recorded for the year, in recording order. */
export class ListForecastAdjustmentsQuery extends Query<readonly ForecastAdjustment[]> {
  constructor(readonly year: number) {
    super();
  }
}
