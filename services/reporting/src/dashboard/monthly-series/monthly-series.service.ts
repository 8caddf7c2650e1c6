import { BadGatewayException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { errorBody } from '@ramprognos/service-kit';
import { budgetAsOf, isAdopted } from '../../budgets';
import { loadBudget } from '../../budgets/budget-stream';
import { BUDGET_EVENT_STORE, type BudgetEventStore } from '../../budgets/event-store/budget-event-store';
import { householdGroups } from '../../classification';
import { FORECAST_QUERIES, type ForecastQueries, type ReportPeriod } from '../../forecast-client/forecast-queries';
import { SMALLEST_SHOWN_COUNT } from '../../reports/suppression/suppress-small-counts';
import { historicalActuals } from '../../reports/budget-deviation/reading-budget-deviation/report-inputs';
import { computeMonthlySeries, withoutVolumes, type MonthlySeries } from './compute-monthly-series';

/** Lines with a count of 1–4 in any month or in their sum so far: their volumes are withheld from the ekonom role. */
export function linesWithSmallMonthlyCounts(series: MonthlySeries): Set<string> {
  const small = (v: number | null) => v !== null && v > 0 && v < SMALLEST_SHOWN_COUNT;
  return new Set(
    series.lines
      .filter((l) => l.volume !== null && (l.volume.some(small) || small(l.volume.reduce<number>((s, v) => s + (v ?? 0), 0))))
      .map((l) => l.code),
  );
}

/** Gathers budget, actuals, history and households, then leaves every figure to `computeMonthlySeries`. */
@Injectable()
export class MonthlySeriesService {
  constructor(
    @Inject(BUDGET_EVENT_STORE) private readonly budgets: BudgetEventStore,
    @Inject(FORECAST_QUERIES) private readonly forecast: ForecastQueries,
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
    return seesSmallCounts ? series : withoutVolumes(series, linesWithSmallMonthlyCounts(series));
  }
}
