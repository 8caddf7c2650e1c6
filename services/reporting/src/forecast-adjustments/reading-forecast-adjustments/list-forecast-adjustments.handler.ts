import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ForecastAdjustment } from '../forecast-adjustment';
import { FORECAST_ADJUSTMENT_STORE, type ForecastAdjustmentStore } from '../forecast-adjustment-store';
import { ListForecastAdjustmentsQuery } from './list-forecast-adjustments.query';

@QueryHandler(ListForecastAdjustmentsQuery)
export class ListForecastAdjustmentsHandler implements IQueryHandler<
  ListForecastAdjustmentsQuery,
  readonly ForecastAdjustment[]
> {
  constructor(@Inject(FORECAST_ADJUSTMENT_STORE) private readonly store: ForecastAdjustmentStore) {}

  execute({ year }: ListForecastAdjustmentsQuery): Promise<readonly ForecastAdjustment[]> {
    return this.store.list(year);
  }
}
