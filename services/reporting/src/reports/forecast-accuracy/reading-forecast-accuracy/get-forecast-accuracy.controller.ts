import { Controller, Get, Headers, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { JwtAuthGuard, Roles } from '@ramprognos/service-kit';
import { parseYear } from '../../../http/params';
import { READERS } from '../../../http/roles';
import type { ForecastAccuracyResponse } from '../compute-forecast-accuracy';
import { GetForecastAccuracyQuery } from './get-forecast-accuracy.query';

@ApiTags('reports')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('v1/reports')
export class GetForecastAccuracyController {
  constructor(private readonly queries: QueryBus) {}

  @Get('forecast-accuracy')
  @Roles(...READERS)
  @ApiQuery({ name: 'year', example: 2023 })
  @ApiOperation({
    summary:
      'Prognossäkerhet: each snapshot’s forecast per line and frame against the outcome, error in öre and %',
    description:
      'The outcome is the year’s actual net cost once the year is over (outcome.final = true), before that the latest actuals.',
  })
  forecastAccuracy(
    @Query('year') rawYear: unknown,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<ForecastAccuracyResponse> {
    return this.queries.execute(new GetForecastAccuracyQuery(parseYear(rawYear), authorization));
  }
}
