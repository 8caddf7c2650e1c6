import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { errorBody } from '@ramprognos/service-kit';
import { budgetAsOf, isAdopted } from '../../budgets';
import { loadBudget } from '../../budgets/budget-stream';
import { BUDGET_EVENT_STORE, type BudgetEventStore } from '../../budgets/event-store/budget-event-store';
import { MonthlySeriesService } from '../../dashboard/monthly-series/monthly-series.service';
import type { BudgetDeviationView } from '../../reports/budget-deviation/budget-deviation-view';
import { GetBudgetDeviationQuery } from '../../reports/budget-deviation/reading-budget-deviation/get-budget-deviation.query';
import { VolumePublisher } from '../../reports/suppression/volume-publisher';
import type { RoundSnapshot } from '../round-snapshot';
import type { CaptureRequest, ReportSource } from './report-source';

/**
 * The live figures, in process: the budget-deviation report through its own query handler (so a
 * round holds exactly what `GET /v1/reports/budget-deviation` answered at knownAt), the monthly
 * series, the budget's structure, and the volumes published by then (what the ekonom role sees).
 */
@Injectable()
export class LiveReportSource implements ReportSource {
  constructor(
    private readonly queries: QueryBus,
    private readonly monthly: MonthlySeriesService,
    @Inject(BUDGET_EVENT_STORE) private readonly budgets: BudgetEventStore,
    private readonly publisher: VolumePublisher,
  ) {}

  async capture(request: CaptureRequest, authorization: string | undefined): Promise<RoundSnapshot> {
    const { state } = await loadBudget(this.budgets, request.year);
    if (!isAdopted(state)) {
      throw new NotFoundException(errorBody({ field: 'year', message: `no budget is adopted for ${request.year}` }));
    }
    const budget = budgetAsOf(state, request.asOf);
    const [views, monthly, published] = await Promise.all([
      this.queries.execute(
        new GetBudgetDeviationQuery({
          year: request.year,
          asOf: request.asOf,
          knownAt: request.knownAt,
          groupings: ['frame', 'area', 'line'],
          authorization,
          seesSmallCounts: true,
        }),
      ) as Promise<readonly BudgetDeviationView[]>,
      this.monthly.series(request, authorization, true),
      this.publisher.published({ state, ...request, authorization }),
    ]);
    const [frame, area, line] = views;
    return {
      year: request.year,
      asOf: request.asOf,
      knownAt: request.knownAt,
      budget: {
        year: request.year,
        label: state.budget.label ?? null,
        frames: budget.frames.map(({ code, name, accountable }) => ({ code, name, accountable })),
        areas: budget.areas.map(({ code, name }) => ({ code, name })),
        lines: budget.lines.map((l) => ({
          code: l.code,
          name: l.name,
          frame: l.frame,
          area: l.area,
          volumeUnit: l.volume?.unit ?? null,
        })),
      },
      reports: { frame, area, line },
      monthly,
      published,
    };
  }
}
