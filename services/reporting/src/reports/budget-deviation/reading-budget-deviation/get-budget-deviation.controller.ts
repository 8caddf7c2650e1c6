import { Controller, Get, Headers, Inject, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  CurrentPrincipal,
  JwtAuthGuard,
  Roles,
  type ErrorItem,
  type Principal,
} from '@ramprognos/service-kit';
import type { Clock } from '../../../budgets';
import { CLOCK } from '../../../clock';
import type { HttpResponse } from '../../../http/express';
import { dateIn, isError, oneOf, throwIfErrors, timestampOf, yearOf } from '../../../http/params';
import { READERS, seesSmallCounts } from '../../../http/roles';
import { CSV_CONTENT_TYPE, toCsv } from '../../exports/csv';
import { reportTable } from '../../exports/report-table';
import { XLSX_CONTENT_TYPE, toXlsx } from '../../exports/xlsx';
import { reportFormatOf } from '../../report-format';
import type { BudgetDeviationView } from '../budget-deviation-view';
import type { GroupBy } from '../inputs';
import { GetBudgetDeviationQuery } from './get-budget-deviation.query';

const GROUPINGS: readonly GroupBy[] = ['frame', 'area', 'line'];
const FILE_SUFFIX: Readonly<Record<GroupBy, string>> = {
  frame: 'ram',
  area: 'verksamhetsomrade',
  line: 'kostnadslinje',
};

@ApiTags('reports')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('v1/reports')
export class GetBudgetDeviationController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('budget-deviation')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'Budget deviation per frame, area or line (SPEC §6, §8): budget, periodised budget, actual, forecast, effects',
    description:
      'All amounts integers of öre. Accept: text/csv (or ?format=csv) gives Swedish CSV in tkr; Accept: ' +
      `${XLSX_CONTENT_TYPE} (or ?format=xlsx) a workbook with a sheet per grouping. For the ekonom role, volumes are ` +
      'those of the published months (volumesPublished), and counts of 1–4 are suppressed.',
  })
  @ApiQuery({ name: 'year', example: 2023 })
  @ApiQuery({ name: 'asOf', example: '2023-08-31' })
  @ApiQuery({ name: 'knownAt', required: false, example: '2023-09-01T00:00:00Z' })
  @ApiQuery({
    name: 'groupBy',
    enum: GROUPINGS,
    description: 'required, except for XLSX (which has all three)',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  @ApiProduces('application/json', 'text/csv', XLSX_CONTENT_TYPE)
  async budgetDeviation(
    @Query() query: Record<string, unknown>,
    @Headers('authorization') authorization: string | undefined,
    @Headers('accept') accept: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<BudgetDeviationView | StreamableFile> {
    const format = reportFormatOf(query.format, accept);
    const year = yearOf(query.year);
    const asOf = dateIn(query.asOf, typeof year === 'number' ? year : null, 'asOf');
    const knownAt = timestampOf(query.knownAt, 'knownAt');
    const groupBy = oneOf(query.groupBy, GROUPINGS, 'groupBy');
    const errors = [format, year, asOf, knownAt, groupBy].filter(isError);
    if (groupBy === undefined && format !== 'xlsx') {
      errors.push({ field: 'groupBy', message: `is required: one of ${GROUPINGS.join(', ')}` });
    }
    throwIfErrors(errors);
    const grouping = groupBy as GroupBy | undefined;
    const views = await this.queries.execute(
      new GetBudgetDeviationQuery({
        year: year as number,
        asOf: asOf as string,
        knownAt: knownAt as string | null,
        groupings: format === 'xlsx' ? GROUPINGS : [grouping as GroupBy],
        authorization,
        seesSmallCounts: seesSmallCounts(principal),
      }),
    );
    res.setHeader('Vary', 'Accept');
    const name = `budgetavvikelse-${year}-${asOf}`;
    switch (format as Exclude<typeof format, ErrorItem>) {
      case 'csv':
        return new StreamableFile(Buffer.from(toCsv(reportTable(views[0])), 'utf8'), {
          type: CSV_CONTENT_TYPE,
          disposition: `attachment; filename="${name}-${FILE_SUFFIX[views[0].groupBy]}.csv"`,
        });
      case 'xlsx':
        return new StreamableFile(
          await toXlsx({ views, tables: views.map(reportTable), createdAt: this.clock.now() }),
          { type: XLSX_CONTENT_TYPE, disposition: `attachment; filename="${name}.xlsx"` },
        );
      default:
        return views[0];
    }
  }
}
