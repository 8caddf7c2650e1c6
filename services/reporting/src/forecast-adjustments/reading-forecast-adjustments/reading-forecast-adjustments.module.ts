import { Module } from '@nestjs/common';
import { ListForecastAdjustmentsController } from './list-forecast-adjustments.controller';
import { ListForecastAdjustmentsHandler } from './list-forecast-adjustments.handler';

@Module({ controllers: [ListForecastAdjustmentsController], providers: [ListForecastAdjustmentsHandler] })
export class ReadingForecastAdjustmentsModule {}
