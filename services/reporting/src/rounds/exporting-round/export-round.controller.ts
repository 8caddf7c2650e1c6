import { Controller, Get, Param, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, JwtAuthGuard, Roles, type Principal } from '@ramprognos/service-kit';
import { isError, oneOf, throwIfErrors } from '../../http/params';
import { READERS, seesSmallCounts } from '../../http/roles';
import type { GroupBy } from '../../reports/budget-deviation';
import { CSV_CONTENT_TYPE, toCsv } from '../../reports/exports/csv';
import { reportTable } from '../../reports/exports/report-table';
import { XLSX_CONTENT_TYPE, toXlsx } from '../../reports/exports/xlsx';
import { roundIdParam } from '../http/round-params';
import { forReader } from '../round-snapshot';
import { RoundService } from '../round-service';
import { roundStateView } from '../round-view';
import { roundPdf } from './round-pdf';

const FORMATS = ['pdf', 'csv', 'xlsx'] as const;
const GROUPINGS: readonly GroupBy[] = ['frame', 'area', 'line'];
const FILE_SUFFIX: Readonly<Record<GroupBy, string>> = { frame: 'ram', area: 'verksamhetsomrade', line: 'kostnadslinje' };

/** "Delårsrapport 2023" → "delarsrapport-2023": a file name any system accepts. */
export function fileStem(label: string): string {
  const stem = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return stem === '' ? 'rapportomgang' : stem.slice(0, 80);
}

@ApiTags('rounds')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('v1/rounds')
export class ExportRoundController {
  constructor(private readonly rounds: RoundService) {}

  @Get(':roundId/export')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'A round for the nämnd: PDF (tables, the comments as the main explanations, charts), or its figures as CSV/XLSX',
    description:
      'From the frozen snapshot only: an approved round exports the same figures, and the same PDF bytes, however late events arrive. ' +
      'CSV takes groupBy (default line); XLSX has all three groupings.',
  })
  @ApiParam({ name: 'roundId' })
  @ApiQuery({ name: 'format', enum: FORMATS })
  @ApiQuery({ name: 'groupBy', enum: GROUPINGS, required: false })
  @ApiProduces('application/pdf', 'text/csv', XLSX_CONTENT_TYPE)
  async export(
    @Param('roundId') roundId: string,
    @Query('format') rawFormat: unknown,
    @Query('groupBy') rawGroupBy: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamableFile> {
    const id = roundIdParam(roundId);
    const format = oneOf(rawFormat, FORMATS, 'format') ?? { field: 'format', message: `is required: one of ${FORMATS.join(', ')}` };
    const groupBy = oneOf(rawGroupBy, GROUPINGS, 'groupBy') ?? 'line';
    throwIfErrors([format, groupBy].filter(isError));
    const [{ state, events }, stored] = await Promise.all([this.rounds.load(id), this.rounds.snapshot(id)]);
    const snapshot = forReader(stored, seesSmallCounts(principal));
    const name = `${fileStem(state.label)}-${state.asOf}`;
    switch (format as (typeof FORMATS)[number]) {
      case 'pdf': {
        const view = roundStateView(state, events);
        // The PDF shows money only, never counts: it is the same document whoever downloads it.
        return new StreamableFile(await roundPdf({ round: view, lines: view.lines, snapshot: stored }), {
          type: 'application/pdf',
          disposition: `attachment; filename="${name}.pdf"`,
        });
      }
      case 'csv': {
        const view = snapshot.reports[groupBy as GroupBy];
        return new StreamableFile(Buffer.from(toCsv(reportTable(view)), 'utf8'), {
          type: CSV_CONTENT_TYPE,
          disposition: `attachment; filename="${name}-${FILE_SUFFIX[view.groupBy]}.csv"`,
        });
      }
      default: {
        const views = GROUPINGS.map((g) => snapshot.reports[g]);
        const createdAt = new Date(state.approved?.at ?? state.opened.at);
        return new StreamableFile(await toXlsx({ views, tables: views.map(reportTable), createdAt }), {
          type: XLSX_CONTENT_TYPE,
          disposition: `attachment; filename="${name}.xlsx"`,
        });
      }
    }
  }
}
