import { Global, Module } from '@nestjs/common';
import { SERVICE_CONFIG } from '@ramprognos/service-kit';
import type { ReportingConfig } from '../config';
import { FORECAST_QUERIES } from './forecast-queries';
import { HttpForecastQueries } from './http-forecast-queries';
import { serviceTokenSource } from './service-token';

@Global()
@Module({
  providers: [
    {
      provide: FORECAST_QUERIES,
      inject: [SERVICE_CONFIG],
      useFactory: (config: ReportingConfig) =>
        new HttpForecastQueries({
          url: config.FORECAST_URL,
          timeoutMs: config.FORECAST_TIMEOUT_MS,
          serviceToken: serviceTokenSource(config),
        }),
    },
  ],
  exports: [FORECAST_QUERIES],
})
export class ForecastClientModule {}
