import { BadRequestException, Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseClassificationKeyId } from '@ramprognos/contracts';
import { JwtAuthGuard, Roles, SERVICE_READERS, errorBody } from '@ramprognos/service-kit';
import { DataSource } from 'typeorm';
import { GenerationsRepository } from '../generations/generations.repository';
import { actualsByKeyAndMonth, householdsByMonth } from './actuals-by-key-and-month';
import { parseReportPeriod } from './report-period';
import { activePlacements, caseCountsByMonth } from './volumes';

/**
 * The query API the reporting service reads actuals and volumes from (docs/forecast-query-api.md).
 * Its household counts are not suppressed, so the ekonom role may not call it directly: reporting
 * reads it with a service token and suppresses small counts itself (SPEC §8).
 */
@ApiTags('actuals')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Roles(...SERVICE_READERS)
@Controller('v1')
export class ActualsController {
  constructor(
    private readonly db: DataSource,
    private readonly generations: GenerationsRepository,
  ) {}

  @Get('actuals')
  @ApiOperation({ summary: 'Net actual cost (öre) and care days per classification key and month, 1 Jan .. asOf, known at knownAt' })
  @ApiQuery({ name: 'year', example: 2023 })
  @ApiQuery({ name: 'asOf', example: '2023-08-31' })
  @ApiQuery({ name: 'knownAt', required: false, example: '2023-09-01T00:00:00Z' })
  async actuals(@Query() query: Record<string, unknown>) {
    const period = parseReportPeriod(query);
    const { generation } = await this.generations.active();
    const byKey = await actualsByKeyAndMonth(this.db, { generation, ...period });
    return {
      ...period,
      keys: [...byKey.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, months]) => ({
          key,
          months: [...months.values()]
            .sort((a, b) => a.month.localeCompare(b.month))
            .map((m) => ({ month: m.month, amount: m.amountOre.toString(), careDays: m.careDays })),
        })),
    };
  }

  @Post('queries/households')
  @HttpCode(200)
  @ApiOperation({ summary: 'Distinct households per month with a disbursed payment on any of each group’s keys' })
  async households(@Body() body: Record<string, unknown>) {
    const period = parseReportPeriod(body ?? {});
    const groups = body?.groups;
    if (typeof groups !== 'object' || groups === null || Array.isArray(groups)) {
      throw new BadRequestException(errorBody({ field: 'groups', message: 'must be an object of group id → key ids' }));
    }
    const { generation } = await this.generations.active();
    const result: Record<string, { month: string; households: number }[]> = {};
    for (const [groupId, keys] of Object.entries(groups as Record<string, unknown>)) {
      if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) {
        throw new BadRequestException(errorBody({ field: `groups.${groupId}`, message: 'must be an array of key ids' }));
      }
      const categories = (keys as string[]).flatMap((id) => {
        const key = parseClassificationKeyId(id);
        return key.stream === 'payments' && key.fields.category ? [key.fields.category] : [];
      });
      const months = await householdsByMonth(this.db, { generation, ...period }, categories);
      result[groupId] = [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, households]) => ({ month, households }));
    }
    return { ...period, groups: result };
  }

  @Get('placements/active')
  @ApiOperation({ summary: 'Placements in care on asOf as known at knownAt, with their key, planned end and the daily rate that day' })
  async active(@Query() query: Record<string, unknown>) {
    const period = parseReportPeriod(query);
    const { generation } = await this.generations.active();
    const placements = await activePlacements(this.db, { generation, ...period });
    return { ...period, placements: placements.map((p) => ({ ...p, dailyRateOre: p.dailyRateOre.toString() })) };
  }

  @Get('case-counts')
  @ApiOperation({ summary: 'Per month: cases opened by type, decisions by type (incl. ÅTERKRAV, POLISANMÄLAN), closings by reason, ÅTERKRAV claimed, boende above norm' })
  async caseCounts(@Query() query: Record<string, unknown>) {
    const period = parseReportPeriod(query);
    const { generation } = await this.generations.active();
    const months = await caseCountsByMonth(this.db, { generation, ...period });
    return {
      ...period,
      months: months.map((m) => ({ ...m, aterkravOre: m.aterkravOre.toString(), housingAboveNormOre: m.housingAboveNormOre.toString() })),
    };
  }
}
