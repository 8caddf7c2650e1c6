import { type DynamicModule, Module } from '@nestjs/common';
import { DevLoginController, DEV_LOGIN } from './dev-login/dev-login.controller';
import { devLoginSettings } from './dev-login/dev-login';
import { MonthlySeriesModule } from './monthly-series/monthly-series.module';
import { loadAssets } from './serving-dashboard/dashboard-assets';
import { DASHBOARD_ASSETS, DashboardController } from './serving-dashboard/dashboard.controller';

export interface DashboardModuleOptions {
  readonly AUTH_JWT_SECRET?: string;
  readonly AUTH_JWKS_URL?: string;
}

/**
 * The dashboard at `GET /` (static page and assets, Chart.js from node_modules), the monthly
 * series it charts (`GET /v1/reports/monthly`) and, for local use only, `POST /v1/dev/login`.
 * Reads DASHBOARD_DEV_LOGIN from the environment and refuses to boot on a bad value.
 */
@Module({})
export class DashboardModule {
  static forRoot(config: DashboardModuleOptions, env: Readonly<Record<string, string | undefined>> = process.env): DynamicModule {
    const devLogin = devLoginSettings(config, env);
    return {
      module: DashboardModule,
      imports: [MonthlySeriesModule],
      controllers: [DashboardController, DevLoginController],
      providers: [
        { provide: DASHBOARD_ASSETS, useFactory: () => loadAssets() },
        { provide: DEV_LOGIN, useValue: devLogin },
      ],
      exports: [MonthlySeriesModule],
    };
  }
}
