import { BadGatewayException, Inject, NotFoundException } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { errorBody } from '@ramprognos/service-kit';
import { budgetAsOf, isAdopted, type Clock } from '../../../budgets';
import { loadBudget } from '../../../budgets/budget-stream';
import { BUDGET_EVENT_STORE, type BudgetEventStore } from '../../../budgets/event-store/budget-event-store';
import { householdGroups } from '../../../classification';
import { CLOCK } from '../../../clock';
import {
  FORECAST_QUERIES,
  type ForecastQueries,
  type ReportPeriod,
} from '../../../forecast-client/forecast-queries';
import { adjustmentAmounts, adjustmentsInForce } from '../../../forecast-adjustments/forecast-adjustment';
import type { Snapshot } from '../../../forecast-client/forecast-responses';
import {
  FORECAST_ADJUSTMENT_STORE,
  type ForecastAdjustmentStore,
} from '../../../forecast-adjustments/forecast-adjustment-store';
import { suppressSmallCounts } from '../../suppression/suppress-small-counts';
import { VolumePublisher } from '../../suppression/volume-publisher';
import { toBudgetDeviationView, type BudgetDeviationView } from '../budget-deviation-view';
import { computeBudgetDeviation, type BudgetDeviationInput } from '../compute-budget-deviation';
import {
  fromForecast,
  householdForecastVolumes,
  keyForecastsOf,
  previousForecastOf,
  previousSnapshotOf,
} from '../forecast-inputs';
import { householdMonthsByLine, type GroupBy } from '../inputs';
import { GetBudgetDeviationQuery } from './get-budget-deviation.query';
import { historicalActuals } from './report-inputs';

/**
 * Gathers what the report needs from the forecast service (actuals, households, history, the
 * forecast, the previous snapshot) and from our own stores (budget, forecast adjustments), then
 * leaves every figure to the pure computation.
 */
@QueryHandler(GetBudgetDeviationQuery)
export class GetBudgetDeviationHandler implements IQueryHandler<
  GetBudgetDeviationQuery,
  readonly BudgetDeviationView[]
> {
  constructor(
    @Inject(BUDGET_EVENT_STORE) private readonly budgets: BudgetEventStore,
    @Inject(FORECAST_ADJUSTMENT_STORE) private readonly adjustments: ForecastAdjustmentStore,
    @Inject(FORECAST_QUERIES) private readonly forecast: ForecastQueries,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly publisher: VolumePublisher,
  ) {}

  async execute({ request }: GetBudgetDeviationQuery): Promise<readonly BudgetDeviationView[]> {
    const { year, asOf, authorization } = request;
    const { state } = await loadBudget(this.budgets, year);
    if (!isAdopted(state)) {
      throw new NotFoundException(errorBody({ field: 'year', message: `no budget is adopted for ${year}` }));
    }
    const period: ReportPeriod = { year, asOf, knownAt: request.knownAt ?? this.clock.now().toISOString() };
    const budget = budgetAsOf(state, asOf);
    const groups = householdGroups(budget.lines);
    const [actuals, households, forecast, history, adjustments, previous] = await Promise.all([
      this.forecast.actuals(period, authorization),
      Object.keys(groups).length > 0
        ? this.forecast.households(period, groups, authorization)
        : Promise.resolve({}),
      this.forecast.forecasts(period, authorization),
      budget.lines.some((line) => line.profile === 'HISTORICAL')
        ? historicalActuals(this.forecast, period, authorization)
        : Promise.resolve([]),
      this.adjustments.list(year),
      this.previousSnapshot(period, authorization),
    ]);
    const previousForecast =
      previous === null
        ? null
        : previousForecastOf(
            budget.lines,
            previous.keys,
            adjustmentAmounts(adjustmentsInForce(adjustments, previous.asOf)),
          );
    if (forecast !== null && (forecast.year !== year || forecast.asOf !== asOf)) {
      throw new BadGatewayException(
        errorBody({
          field: 'forecast',
          message: `the forecast service answered for ${forecast.year} through ${forecast.asOf}`,
        }),
      );
    }
    const inForce = adjustmentsInForce(adjustments, asOf);
    const input: Omit<BudgetDeviationInput, 'groupBy'> = {
      budget: state,
      year,
      asOf,
      knownAt: period.knownAt,
      actuals,
      historicalActuals: history,
      households,
      forecastAdjustments: adjustmentAmounts(inForce),
      ...(forecast === null
        ? {}
        : {
            forecast: keyForecastsOf(forecast.keys),
            forecastVolumes: householdForecastVolumes(
              budget.lines,
              forecast.keys,
              householdMonthsByLine(households, year, asOf),
            ),
          }),
      ...(previousForecast === null ? {} : { previousForecast }),
    };
    const comments = new Map([...inForce].map(([line, adjustment]) => [line, adjustment.comment]));
    const view = (groupBy: GroupBy): BudgetDeviationView =>
      toBudgetDeviationView(
        fromForecast(() => computeBudgetDeviation({ ...input, groupBy })),
        comments,
      );

    const views = request.groupings.map(view);
    if (request.seesSmallCounts) return views;
    const lineRows = (views.find((v) => v.groupBy === 'line') ?? view('line')).rows;
    const published = await this.publisher.published({
      state,
      year,
      asOf,
      knownAt: period.knownAt,
      authorization,
    });
    const accountableFrames = new Set(budget.frames.filter((f) => f.accountable).map((f) => f.code));
    const accountable = new Set(
      budget.lines.filter((l) => accountableFrames.has(l.frame)).map((l) => l.code),
    );
    return views.map((v) => suppressSmallCounts(v, lineRows, published, accountable));
  }

  /** The latest snapshot before asOf known at knownAt, or null (none, or no snapshots API yet). */
  private async previousSnapshot(
    period: ReportPeriod,
    authorization: string | undefined,
  ): Promise<Snapshot | null> {
    const snapshots = await this.forecast.snapshots(period.year, authorization);
    const previous = previousSnapshotOf(
      (snapshots ?? []).filter((s) => s.year === undefined || s.year === period.year),
      period.asOf,
      period.knownAt,
    );
    return previous === null ? null : this.forecast.snapshot(previous.id, authorization);
  }
}
