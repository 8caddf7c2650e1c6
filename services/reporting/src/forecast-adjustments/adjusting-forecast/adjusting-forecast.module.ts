import { Module } from '@nestjs/common';
import { RecordForecastAdjustmentController } from './record-forecast-adjustment.controller';
import { RecordForecastAdjustmentHandler } from './record-forecast-adjustment.handler';

@Module({ controllers: [RecordForecastAdjustmentController], providers: [RecordForecastAdjustmentHandler] })
export class AdjustingForecastModule {}
