import { Module } from '@nestjs/common';
import { GetForecastAccuracyController } from './get-forecast-accuracy.controller';
import { GetForecastAccuracyHandler } from './get-forecast-accuracy.handler';

@Module({ controllers: [GetForecastAccuracyController], providers: [GetForecastAccuracyHandler] })
export class ReadingForecastAccuracyModule {}
