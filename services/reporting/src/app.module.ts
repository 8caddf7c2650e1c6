import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import {
  AuthModule,
  databaseModule,
  HealthModule,
  MetricsModule,
  ServiceConfigModule,
} from '@ramprognos/service-kit';
import { AdjustingBudgetModule } from './budgets/adjusting-budget/adjusting-budget.module';
import { AdoptingBudgetModule } from './budgets/adopting-budget/adopting-budget.module';
import { BudgetEventStoreModule } from './budgets/event-store/budget-event-store.module';
import { ReadingBudgetModule } from './budgets/reading-budget/reading-budget.module';
import type { Clock } from './budgets';
import { CLOCK, systemClock } from './clock';
import { type ReportingConfig, SERVICE_NAME } from './config';
import { AdjustingForecastModule } from './forecast-adjustments/adjusting-forecast/adjusting-forecast.module';
import { ForecastAdjustmentStoreModule } from './forecast-adjustments/forecast-adjustment-store.module';
import { ReadingForecastAdjustmentsModule } from './forecast-adjustments/reading-forecast-adjustments/reading-forecast-adjustments.module';
import { ForecastClientModule } from './forecast-client/forecast-client.module';
import { migrations } from './migrations';
import { ReadingBudgetDeviationModule } from './reports/budget-deviation/reading-budget-deviation/reading-budget-deviation.module';
import { PublishedVolumesModule } from './reports/suppression/published-volumes.module';
import { ReadingForecastAccuracyModule } from './reports/forecast-accuracy/reading-forecast-accuracy/reading-forecast-accuracy.module';
import { StatusModule } from './status/status.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { RoundsModule } from './rounds/rounds.module';

@Module({})
class ClockModule {
  static forRoot(clock: Clock): DynamicModule {
    return {
      module: ClockModule,
      global: true,
      providers: [{ provide: CLOCK, useValue: clock }],
      exports: [CLOCK],
    };
  }
}

export interface AppOptions {
  /** Fixes "now" (recordedAt, the default knownAt, the outcome of forecast accuracy); tests only. */
  readonly clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot(config: ReportingConfig, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceConfigModule.forRoot(config),
        databaseModule({
          url: config.DATABASE_URL,
          schema: config.DB_SCHEMA,
          migrations,
          applicationName: SERVICE_NAME,
        }),
        HealthModule.forRoot({ serviceName: SERVICE_NAME, kafkaBrokers: config.KAFKA_BROKERS }),
        MetricsModule.forRoot({ serviceName: SERVICE_NAME }),
        CqrsModule.forRoot(),
        AuthModule.forRoot({ jwtSecret: config.AUTH_JWT_SECRET, jwksUrl: config.AUTH_JWKS_URL }),
        ClockModule.forRoot(options.clock ?? systemClock),
        // Ports, bound to their adapters.
        BudgetEventStoreModule,
        ForecastAdjustmentStoreModule,
        ForecastClientModule,
        PublishedVolumesModule,
        // One module per use case.
        AdoptingBudgetModule,
        AdjustingBudgetModule,
        ReadingBudgetModule,
        AdjustingForecastModule,
        ReadingForecastAdjustmentsModule,
        ReadingBudgetDeviationModule,
        ReadingForecastAccuracyModule,
        StatusModule,
        DashboardModule.forRoot(config),
        RoundsModule.forRoot(),
      ],
    };
  }
}
