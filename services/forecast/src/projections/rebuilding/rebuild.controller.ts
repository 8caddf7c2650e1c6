import { Controller, Get, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { endOffsets } from '@ramprognos/messaging';
import { JwtAuthGuard, KAFKA, Roles } from '@ramprognos/service-kit';
import type { Kafka } from 'kafkajs';
import { CONSUMED_TOPICS } from '../consumed-topics';
import { GenerationsRepository } from '../generations/generations.repository';

/**
 * Rebuild of all projections from offset 0 into a new generation while the active one keeps
 * serving; the projection consumers switch over atomically once it has caught up.
 */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Roles('admin')
@Controller('v1/admin/rebuild')
export class RebuildController {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly generations: GenerationsRepository,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a rebuild (or return the one running); progress at GET' })
  async start() {
    const ends = await endOffsets(this.kafka, CONSUMED_TOPICS);
    const target = Object.fromEntries(ends.map((p) => [`${p.topic}:${p.partition}`, p.endOffset]));
    const { generation, created } = await this.generations.createBuilding(target);
    return { started: created, ...(await this.progress(generation.generation)) };
  }

  @Get()
  @ApiOperation({ summary: 'Progress of the running or last rebuild: events/s and % of the end offsets seen at its start' })
  async status() {
    const all = await this.generations.list();
    const latest = all[all.length - 1];
    return this.progress(latest.generation);
  }

  private async progress(number: number) {
    const all = await this.generations.list();
    const generation = all.find((g) => g.generation === number);
    if (!generation) return { generation: number, state: 'unknown' };
    const positions = await this.generations.positions(number);
    const target = generation.targetOffsets ?? {};
    const total = Object.values(target).reduce((a, b) => a + b, 0);
    const done = Object.entries(target).reduce((sum, [tp, end]) => sum + Math.min(end, positions.get(tp)?.nextOffset ?? 0), 0);
    const seconds = (Date.now() - Date.parse(generation.createdAt)) / 1000;
    return {
      generation: number,
      state: generation.status === 'building' ? 'running' : generation.status === 'active' ? 'switched' : 'retired',
      eventsApplied: generation.eventsApplied,
      eventsPerSecond: generation.status === 'building' && seconds > 0 ? Math.round(generation.eventsApplied / seconds) : null,
      percent: total === 0 ? 100 : Math.round((1000 * done) / total) / 10,
      startedAt: generation.createdAt,
      switchedAt: generation.activatedAt,
    };
  }
}
