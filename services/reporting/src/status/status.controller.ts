import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { FORECAST_QUERIES, type ForecastQueries } from '../forecast-client/forecast-queries';

interface ForecastStatus {
  caughtUp?: unknown;
  eventsApplied?: unknown;
  topics?: unknown;
}

/**
 * SPEC §8 status. Reporting keeps no projection of its own: every report asks the forecast
 * service at the report's knownAt, so reporting is caught up exactly when the forecast service
 * is, and its status is the forecast service's. Open, like /health: no personal data.
 */
@ApiTags('status')
@Controller('v1')
export class StatusController {
  constructor(@Inject(FORECAST_QUERIES) private readonly forecast: ForecastQueries) {}

  @Get('status')
  @ApiOperation({
    summary: 'Caught up? The forecast service’s applied events and lag, which every report reads through',
  })
  async status(): Promise<{
    caughtUp: boolean;
    eventsApplied: number;
    topics: unknown[];
    source: 'forecast';
  }> {
    const status = (await this.forecast.status()) as ForecastStatus | null;
    return {
      caughtUp: status?.caughtUp === true,
      eventsApplied: typeof status?.eventsApplied === 'number' ? status.eventsApplied : 0,
      topics: Array.isArray(status?.topics) ? status.topics : [],
      source: 'forecast',
    };
  }
}
