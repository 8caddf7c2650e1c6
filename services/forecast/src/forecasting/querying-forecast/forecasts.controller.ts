import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { JwtAuthGuard, SERVICE_READERS, Roles } from '@ramprognos/service-kit';
import { parseReportPeriod } from '../../projections/actuals/report-period';
import { CLOCK, type Clock } from '../clock';
import { toForecastResponse } from './forecast-response';
import { ForecastService } from './forecast.service';

/** GET /v1/forecasts (docs/forecast-query-api.md): computed on demand, so a past (asOf, knownAt) is reproduced exactly. */
@ApiTags('forecasts')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Roles(...SERVICE_READERS)
@Controller('v1')
export class ForecastsController {
  constructor(
    private readonly forecasts: ForecastService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('forecasts')
  @ApiOperation({
    summary: 'Full-year forecast per classification key: actual so far, forecast, band, method, volume and unit cost, run rate beside it',
  })
  @ApiQuery({ name: 'year', example: 2023 })
  @ApiQuery({ name: 'asOf', example: '2023-08-31' })
  @ApiQuery({ name: 'knownAt', required: false, example: '2023-09-07T00:00:00Z' })
  async forecast(@Query() query: Record<string, unknown>) {
    const period = parseReportPeriod(query, () => this.clock.now());
    const { forecast } = await this.forecasts.forecast(period);
    return toForecastResponse(forecast);
  }
}
