import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { JwtAuthGuard, Roles } from '@ramprognos/service-kit';
import { parseYear } from '../../http/params';
import { READERS } from '../../http/roles';
import type { ForecastAdjustment } from '../forecast-adjustment';
import { ListForecastAdjustmentsQuery } from './list-forecast-adjustments.query';

@ApiTags('forecast-adjustments')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('v1/forecast-adjustments')
export class ListForecastAdjustmentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles(...READERS)
  @ApiQuery({ name: 'year', example: 2023 })
  @ApiOperation({ summary: 'Every forecast adjustment of the year, with who recorded it and when' })
  async list(
    @Query('year') rawYear: unknown,
  ): Promise<{ year: number; adjustments: readonly ForecastAdjustment[] }> {
    const year = parseYear(rawYear);
    return { year, adjustments: await this.queries.execute(new ListForecastAdjustmentsQuery(year)) };
  }
}
