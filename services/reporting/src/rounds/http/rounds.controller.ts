import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, JwtAuthGuard, Roles, type Principal } from '@ramprognos/service-kit';
import type { HttpResponse } from '../../http/express';
import { parseYear } from '../../http/params';
import { READERS, seesSmallCounts } from '../../http/roles';
import { forReader } from '../round-snapshot';
import { RoundService } from '../round-service';
import { roundStateView, roundSummary, type RoundStateView, type RoundSummary, type RoundView } from '../round-view';
import { APPROVERS, OPENERS, lineParam, openRoundBody, roundIdParam } from './round-params';

@ApiTags('rounds')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('v1/rounds')
export class RoundsController {
  constructor(private readonly rounds: RoundService) {}

  @Post()
  @HttpCode(201)
  @Roles(...OPENERS)
  @ApiOperation({
    summary: 'Open a report round (prognostillfälle): the figures at asOf, known now, are captured and never recomputed',
    description: '201 with the round; 404 without a budget for the year; 409 when the year already has a round with this label.',
  })
  @ApiBody({ schema: { type: 'object', example: { year: 2023, asOf: '2023-08-31', label: 'Delårsrapport 2023' } } })
  async open(
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<RoundStateView> {
    const { state, events } = await this.rounds.open(openRoundBody(body), principal.subject, authorization);
    res.setHeader('Location', `/v1/rounds/${state.roundId}`);
    return roundStateView(state, events);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'The report rounds of a year, in order of opening' })
  @ApiQuery({ name: 'year', example: 2023 })
  async list(@Query('year') year: unknown): Promise<{ rounds: RoundSummary[] }> {
    const rounds = await this.rounds.list(parseYear(year));
    return { rounds: rounds.map(({ state }) => roundSummary(state)) };
  }

  @Get(':roundId')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'A round: its frozen figures (the three groupings and the monthly series), comments, readiness and audit trail',
    description: 'For the ekonom role, counts of 1–4 in the figures are suppressed as in the live report.',
  })
  @ApiParam({ name: 'roundId' })
  async get(@Param('roundId') roundId: string, @CurrentPrincipal() principal: Principal): Promise<RoundView> {
    const id = roundIdParam(roundId);
    const [{ state, events }, snapshot] = await Promise.all([this.rounds.load(id), this.rounds.snapshot(id)]);
    return { ...roundStateView(state, events), snapshot: forReader(snapshot, seesSmallCounts(principal)) };
  }

  @Put(':roundId/lines/:line/comment')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Write (or with an empty text remove) the comment of a line: its explanation to the nämnd',
    description: '409 when the line is marked ready or the round is approved; 422 for text with a personnummer or over 4000 characters.',
  })
  @ApiParam({ name: 'roundId' })
  @ApiParam({ name: 'line' })
  @ApiBody({ schema: { type: 'object', example: { text: 'Färre hushåll än budgeterat.' } } })
  async comment(
    @Param('roundId') roundId: string,
    @Param('line') line: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RoundStateView> {
    const text = typeof body === 'object' && body !== null ? (body as { text?: unknown }).text : undefined;
    const { state, events } = await this.rounds.execute(roundIdParam(roundId), {
      type: 'CommentLine',
      data: { line: lineParam(line), text },
      metadata: { by: principal.subject },
    });
    return roundStateView(state, events);
  }

  @Post(':roundId/lines/:line/ready')
  @HttpCode(200)
  @Roles(...READERS)
  @ApiOperation({ summary: 'Mark a line ready (its figures and comment are done); again is a no-op' })
  @ApiParam({ name: 'roundId' })
  @ApiParam({ name: 'line' })
  async ready(
    @Param('roundId') roundId: string,
    @Param('line') line: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RoundStateView> {
    const { state, events } = await this.rounds.execute(roundIdParam(roundId), {
      type: 'MarkLineReady',
      data: { line: lineParam(line) },
      metadata: { by: principal.subject },
    });
    return roundStateView(state, events);
  }

  @Post(':roundId/lines/:line/reopen')
  @HttpCode(200)
  @Roles(...READERS)
  @ApiOperation({ summary: 'Take a ready line back (to change its comment); refused once the round is approved' })
  @ApiParam({ name: 'roundId' })
  @ApiParam({ name: 'line' })
  async reopen(
    @Param('roundId') roundId: string,
    @Param('line') line: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RoundStateView> {
    const { state, events } = await this.rounds.execute(roundIdParam(roundId), {
      type: 'ReopenLine',
      data: { line: lineParam(line) },
      metadata: { by: principal.subject },
    });
    return roundStateView(state, events);
  }

  @Post(':roundId/approve')
  @HttpCode(200)
  @Roles(...APPROVERS)
  @ApiOperation({
    summary: 'Approve the round: every line must be ready; afterwards figures, comments and readiness are frozen',
    description: '409 listing the lines not yet ready.',
  })
  @ApiParam({ name: 'roundId' })
  async approve(@Param('roundId') roundId: string, @CurrentPrincipal() principal: Principal): Promise<RoundStateView> {
    const { state, events } = await this.rounds.execute(roundIdParam(roundId), {
      type: 'ApproveRound',
      data: {},
      metadata: { by: principal.subject },
    });
    return roundStateView(state, events);
  }
}
