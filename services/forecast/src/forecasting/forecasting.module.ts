import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { CLOCK, systemClock } from './clock';
import { ForecastsController } from './querying-forecast/forecasts.controller';
import { ForecastService } from './querying-forecast/forecast.service';

/** The forecast engine (SPEC §7) over the projections: GET /v1/forecasts. */
@Module({
  imports: [ProjectionsModule],
  controllers: [ForecastsController],
  providers: [ForecastService, { provide: CLOCK, useValue: systemClock }],
  exports: [ForecastService, CLOCK],
})
export class ForecastingModule {}
