import { Inject, NotFoundException } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { errorBody } from '@ramprognos/service-kit';
import { isAdopted, type Clock } from '../../../budgets';
import { loadBudget } from '../../../budgets/budget-stream';
import { BUDGET_EVENT_STORE, type BudgetEventStore } from '../../../budgets/event-store/budget-event-store';
import { CLOCK } from '../../../clock';
import {
  FORECAST_ADJUSTMENT_STORE,
  type ForecastAdjustmentStore,
} from '../../../forecast-adjustments/forecast-adjustment-store';
import { FORECAST_QUERIES, type ForecastQueries } from '../../../forecast-client/forecast-queries';
import type { Snapshot } from '../../../forecast-client/forecast-responses';
import {
  computeForecastAccuracy,
  toForecastAccuracyResponse,
  type ForecastAccuracyResponse,
} from '../compute-forecast-accuracy';
import { GetForecastAccuracyQuery } from './get-forecast-accuracy.query';

/**
 * The outcome's period: the whole year once it is over (`final`), else the actuals through
 * today. Both at knownAt = now: the accuracy of old forecasts is judged with today's knowledge.
 */
export function outcomePeriod(year: number, now: Date): { asOf: string; final: boolean } {
  const today = now.toISOString().slice(0, 10);
  if (today > `${year}-12-31`) return { asOf: `${year}-12-31`, final: true };
  if (today < `${year}-01-01`) return { asOf: `${year}-01-01`, final: false };
  return { asOf: today, final: false };
}

@QueryHandler(GetForecastAccuracyQuery)
export class GetForecastAccuracyHandler implements IQueryHandler<
  GetForecastAccuracyQuery,
  ForecastAccuracyResponse
> {
  constructor(
    @Inject(BUDGET_EVENT_STORE) private readonly budgets: BudgetEventStore,
    @Inject(FORECAST_ADJUSTMENT_STORE) private readonly adjustments: ForecastAdjustmentStore,
    @Inject(FORECAST_QUERIES) private readonly forecast: ForecastQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ year, authorization }: GetForecastAccuracyQuery): Promise<ForecastAccuracyResponse> {
    const { state } = await loadBudget(this.budgets, year);
    if (!isAdopted(state)) {
      throw new NotFoundException(errorBody({ field: 'year', message: `no budget is adopted for ${year}` }));
    }
    const now = this.clock.now();
    const { asOf, final } = outcomePeriod(year, now);
    const [actuals, list, adjustments] = await Promise.all([
      this.forecast.actuals({ year, asOf, knownAt: now.toISOString() }, authorization),
      this.forecast.snapshots(year, authorization),
      this.adjustments.list(year),
    ]);
    const snapshots = (
      await Promise.all(
        (list ?? [])
          .filter((s) => s.year === undefined || s.year === year)
          .map((s) => this.forecast.snapshot(s.id, authorization)),
      )
    ).filter((s): s is Snapshot => s !== null);
    return toForecastAccuracyResponse(
      computeForecastAccuracy({ budget: state, year, outcome: { actuals, final }, snapshots, adjustments }),
    );
  }
}
