import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, JwtAuthGuard, SERVICE_READERS, Roles, errorBody, type Principal } from '@ramprognos/service-kit';
import { CLOCK, type Clock } from '../forecasting/clock';
import type { ForecastResponse } from '../forecasting/querying-forecast/forecast-response';
import { parseReportPeriod } from '../projections/actuals/report-period';
import { changeSince } from './snapshot';
import { SnapshotsRepository } from './snapshots.repository';
import { SnapshotTaker } from './taking-snapshot/snapshot-taker';

/**
 * Forecast snapshots: take one on demand (it is stored and published as
 * se.socialtjanst.forecast.published.v1), list a year's, read one with its change since the
 * previous — the basis of "change since previous forecast" and of forecast accuracy.
 */
@ApiTags('snapshots')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('v1/snapshots')
export class SnapshotsController {
  constructor(
    private readonly taker: SnapshotTaker,
    private readonly snapshots: SnapshotsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'controller')
  @ApiOperation({ summary: 'Forecast (year, asOf, knownAt — default now) and keep it: stored immutably and published' })
  async take(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal) {
    const period = parseReportPeriod(body ?? {}, () => this.clock.now());
    const taken = await this.taker.take(period, 'on-demand', principal.subject);
    if (taken === null) throw new Error('an on-demand snapshot was not stored');
    return taken;
  }

  @Get()
  @Roles(...SERVICE_READERS)
  @ApiOperation({ summary: "A year's snapshots, oldest first (by asOf, knownAt, when taken)" })
  @ApiQuery({ name: 'year', example: 2023 })
  async list(@Query('year') year: unknown) {
    if (typeof year !== 'string' || !/^\d{4}$/.test(year)) {
      throw new BadRequestException(errorBody({ field: 'year', message: 'must be a year such as 2023' }));
    }
    return { year: Number(year), snapshots: await this.snapshots.list(Number(year)) };
  }

  @Get(':id')
  @Roles(...SERVICE_READERS)
  @ApiOperation({ summary: 'One snapshot: its forecast, the previous snapshot of the year and the change since it' })
  async one(@Param('id') id: string) {
    const found = await this.snapshots.find(id);
    if (found === null) throw new NotFoundException(errorBody({ field: 'id', message: 'no such snapshot' }));
    const forecast = JSON.parse(found.body) as ForecastResponse;
    const previous = await this.snapshots.previous(found.summary);
    return {
      ...found.summary,
      forecast,
      previous: previous?.summary ?? null,
      changeSincePrevious: previous === null ? null : changeSince(forecast, JSON.parse(previous.body) as ForecastResponse),
    };
  }

  @Get(':id/forecast')
  @Roles(...SERVICE_READERS)
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOperation({ summary: 'The forecast document of a snapshot, byte for byte as it was served when taken' })
  async document(@Param('id') id: string): Promise<string> {
    const found = await this.snapshots.find(id);
    if (found === null) throw new NotFoundException(errorBody({ field: 'id', message: 'no such snapshot' }));
    return found.body;
  }
}
