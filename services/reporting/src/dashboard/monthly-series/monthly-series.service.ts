import { BadGatewayException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { errorBody } from '@ramprognos/service-kit';
import { budgetAsOf, isAdopted } from '../../budgets';
import { loadBudget } from '../../budgets/budget-stream';
import { BUDGET_EVENT_STORE, type BudgetEventStore } from '../../budgets/event-store/budget-event-store';
import { householdGroups } from '../../classification';
import { FORECAST_QUERIES, type ForecastQueries, type ReportPeriod } from '../../forecast-client/forecast-queries';
import { VolumePublisher } from '../../reports/suppression/volume-publisher';
import { historicalActuals } from '../../reports/budget-deviation/reading-budget-deviation/report-inputs';
import { computeMonthlySeries, monthlyForReader, type MonthlySeries } from './compute-monthly-series';

/** Gathers budget, actuals, history and households, then leaves every figure to `computeMonthlySeries`. */
@Injectable()
export class MonthlySeriesService {
  constructor(
    @Inject(BUDGET_EVENT_STORE) private readonly budgets: BudgetEventStore,
    @Inject(FORECAST_QUERIES) private readonly forecast: ForecastQueries,
    private readonly publisher: VolumePublisher,
  ) {}

  async series(period: ReportPeriod, authorization: string | undefined, seesSmallCounts: boolean): Promise<MonthlySeries> {
    const { state } = await loadBudget(this.budgets, period.year);
    if (!isAdopted(state)) {
      throw new NotFoundException(errorBody({ field: 'year', message: `no budget is adopted for ${period.year}` }));
    }
    const budget = budgetAsOf(state, period.asOf);
    const groups = householdGroups(budget.lines);
    const [actuals, households, history] = await Promise.all([
      this.forecast.actuals(period, authorization),
      Object.keys(groups).length > 0 ? this.forecast.households(period, groups, authorization) : Promise.resolve({}),
      budget.lines.some((line) => line.profile === 'HISTORICAL')
        ? historicalActuals(this.forecast, period, authorization)
        : Promise.resolve([]),
    ]);
    let series: MonthlySeries;
    try {
      series = computeMonthlySeries({ budget, knownAt: period.knownAt, actuals, historicalActuals: history, households });
    } catch (error) {
      // The inputs come from the forecast service: figures that break its contract are its fault (502).
      if (error instanceof RangeError) {
        throw new BadGatewayException(
          errorBody({ field: 'forecast', message: `the forecast service's figures cannot be used: ${error.message}` }),
        );
      }
      throw error;
    }
    if (seesSmallCounts) return series;
    const published = await this.publisher.published({ state, year: period.year, asOf: period.asOf, knownAt: period.knownAt, authorization });
    return monthlyForReader(series, published);
  }
}
