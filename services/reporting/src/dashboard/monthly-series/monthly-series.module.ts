import { Module } from '@nestjs/common';
import { MonthlySeriesController } from './monthly-series.controller';
import { MonthlySeriesService } from './monthly-series.service';

/** `GET /v1/reports/monthly`; the service is also what a report round captures its chart data with. */
@Module({ controllers: [MonthlySeriesController], providers: [MonthlySeriesService], exports: [MonthlySeriesService] })
export class MonthlySeriesModule {}
