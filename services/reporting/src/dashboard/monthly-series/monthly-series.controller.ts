import { Controller, Get, Headers, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, JwtAuthGuard, Roles, type Principal } from '@ramprognos/service-kit';
import type { Clock } from '../../budgets';
import { CLOCK } from '../../clock';
import { dateIn, isError, throwIfErrors, timestampOf, yearOf } from '../../http/params';
import { READERS, seesSmallCounts } from '../../http/roles';
import type { MonthlySeries } from './compute-monthly-series';
import { MonthlySeriesService } from './monthly-series.service';

@ApiTags('reports')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('v1/reports')
export class MonthlySeriesController {
  constructor(
    private readonly series: MonthlySeriesService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('monthly')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Per line and month: periodised budget, actual net cost and volume (the charts and the drill-down)',
    description:
      'Amounts integers of öre; months after asOf are null. Computed by the rules of the budget-deviation report, ' +
      'so each line’s months through asOf add up to its actualYtd. For the ekonom role, volumes are the published ' +
      'months only (volumesPublished), and withheld (volumeSuppressed) for a line with a month of 1–4.',
  })
  @ApiQuery({ name: 'year', example: 2023 })
  @ApiQuery({ name: 'asOf', example: '2023-08-31' })
  @ApiQuery({ name: 'knownAt', required: false, example: '2023-09-01T00:00:00Z' })
  async monthly(
    @Query() query: Record<string, unknown>,
    @Headers('authorization') authorization: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MonthlySeries> {
    const year = yearOf(query.year);
    const asOf = dateIn(query.asOf, typeof year === 'number' ? year : null, 'asOf');
    const knownAt = timestampOf(query.knownAt, 'knownAt');
    throwIfErrors([year, asOf, knownAt].filter(isError));
    return this.series.series(
      { year: year as number, asOf: asOf as string, knownAt: (knownAt as string | null) ?? this.clock.now().toISOString() },
      authorization,
      seesSmallCounts(principal),
    );
  }
}
