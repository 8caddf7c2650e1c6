import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { dlqTopic } from '@ramprognos/contracts';
import { describeLag, endOffsets } from '@ramprognos/messaging';
import { KAFKA } from '@ramprognos/service-kit';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CONSUMED_TOPICS } from '../projections/consumed-topics';
import { GenerationsRepository } from '../projections/generations/generations.repository';

/**
 * SPEC §8 status of the active projections, plus: lagSeconds (for partitions behind, how long
 * since they last applied anything), held (events waiting for their aggregate: rate changes and
 * ends of unknown placements, reversals of unknown payments), deadLettered (messages ever sent to
 * the consumed topics' DLQs). Open, like /health: it carries no personal data.
 */
@ApiTags('status')
@Controller('v1')
export class StatusController {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly db: DataSource,
    private readonly generations: GenerationsRepository,
  ) {}

  @Get('status')
  @ApiOperation({ summary: 'Caught up? Applied events, per-partition offsets and lag, held and dead-lettered events' })
  async status() {
    const active = await this.generations.active();
    const [lags, positions, held, dlq, building] = await Promise.all([
      describeLag(this.kafka, active.consumerGroup, CONSUMED_TOPICS),
      this.generations.positions(active.generation),
      this.held(active.generation),
      endOffsets(this.kafka, CONSUMED_TOPICS.map(dlqTopic)),
      this.generations.list().then((all) => all.find((g) => g.status === 'building') ?? null),
    ]);
    const now = Date.now();
    const lagSeconds = lags
      .filter((p) => p.lag > 0)
      .reduce((max, p) => {
        const applied = positions.get(`${p.topic}:${p.partition}`)?.updatedAt.getTime() ?? active.activatedAt;
        const since = typeof applied === 'number' ? applied : Date.parse(applied ?? new Date(now).toISOString());
        return Math.max(max, (now - since) / 1000);
      }, 0);
    return {
      caughtUp: lags.every((p) => p.lag === 0),
      eventsApplied: active.eventsApplied,
      topics: lags.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.offset ?? 0, endOffset: p.endOffset, lag: p.lag })),
      lagSeconds: Math.round(lagSeconds * 10) / 10,
      held,
      deadLettered: dlq.reduce((sum, p) => sum + (p.endOffset - p.startOffset), 0),
      generation: active.generation,
      rebuild: building ? { generation: building.generation, eventsApplied: building.eventsApplied } : null,
    };
  }

  private async held(generation: number) {
    const [row]: { rate_changes: number; ends: number; reversals: number }[] = await this.db.query(
      `select
         (select count(*) from placement_rate_changes r where r.generation = $1
            and not exists (select 1 from placements p where p.generation = $1 and p.placement_id = r.placement_id))::int as rate_changes,
         (select count(*) from placement_ends e where e.generation = $1
            and not exists (select 1 from placements p where p.generation = $1 and p.placement_id = e.placement_id))::int as ends,
         (select count(*) from payment_reversals v where v.generation = $1
            and not exists (select 1 from payments p where p.generation = $1 and p.payment_id = v.payment_id))::int as reversals`,
      [generation],
    );
    return { placementRateChanges: row.rate_changes, placementEnds: row.ends, paymentReversals: row.reversals };
  }
}
