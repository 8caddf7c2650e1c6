import { randomUUID } from 'node:crypto';
import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { MonthlySeriesModule } from '../dashboard/monthly-series/monthly-series.module';
import { PostgresRoundStore } from './event-store/postgres-round-store';
import { ROUND_STORE } from './event-store/round-store';
import { ExportRoundController } from './exporting-round/export-round.controller';
import { RoundsController } from './http/rounds.controller';
import { LiveReportSource } from './report-source/live-report-source';
import { REPORT_SOURCE, type ReportSource } from './report-source/report-source';
import { ROUND_IDS, RoundService } from './round-service';

export interface RoundsModuleOptions {
  /** Where a round's figures come from; default the live report in process (LiveReportSource). Tests pass a fake. */
  readonly reportSource?: ReportSource;
}

/**
 * Report rounds (prognostillfällen): open with a frozen snapshot, comment and mark lines ready,
 * approve; export PDF/CSV/XLSX. Needs the global CLOCK, BUDGET_EVENT_STORE and FORECAST_QUERIES
 * providers and the CQRS bus (the live source runs the budget-deviation query).
 */
@Module({})
export class RoundsModule {
  static forRoot(options: RoundsModuleOptions = {}): DynamicModule {
    const source: Provider =
      options.reportSource === undefined
        ? { provide: REPORT_SOURCE, useClass: LiveReportSource }
        : { provide: REPORT_SOURCE, useValue: options.reportSource };
    return {
      module: RoundsModule,
      imports: options.reportSource === undefined ? [MonthlySeriesModule] : [],
      controllers: [RoundsController, ExportRoundController],
      providers: [
        source,
        { provide: ROUND_STORE, useClass: PostgresRoundStore },
        { provide: ROUND_IDS, useValue: () => randomUUID() },
        RoundService,
      ],
    };
  }
}
