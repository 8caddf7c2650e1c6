import { Global, Module } from '@nestjs/common';
import { FORECAST_ADJUSTMENT_STORE } from './forecast-adjustment-store';
import { PostgresForecastAdjustmentStore } from './postgres-forecast-adjustment-store';

@Global()
@Module({
  providers: [{ provide: FORECAST_ADJUSTMENT_STORE, useClass: PostgresForecastAdjustmentStore }],
  exports: [FORECAST_ADJUSTMENT_STORE],
})
export class ForecastAdjustmentStoreModule {}
