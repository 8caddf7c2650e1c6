import { Controller, Get, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { dlqTopic } from '@ramprognos/contracts';
import { describeLag, endOffsets } from '@ramprognos/messaging';
import { KAFKA, METRICS_REGISTRY } from '@ramprognos/service-kit';
import { Gauge, type Registry } from 'prom-client';
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
@Injectable()
export class ProjectionStatus {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly db: DataSource,
    private readonly generations: GenerationsRepository,
  ) {}

  async read() {
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

@ApiTags('status')
@Controller('v1')
export class StatusController {
  constructor(private readonly projectionStatus: ProjectionStatus) {}

  @Get('status')
  @ApiOperation({ summary: 'Caught up? Applied events, per-partition offsets and lag, held and dead-lettered events' })
  status() {
    return this.projectionStatus.read();
  }
}

/** The status as Prometheus gauges, read when scraped. */
@Injectable()
export class StatusMetrics implements OnModuleInit {
  constructor(
    private readonly projectionStatus: ProjectionStatus,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  onModuleInit(): void {
    const status = this.projectionStatus;
    const gauge = (name: string, help: string, pick: (s: Awaited<ReturnType<ProjectionStatus['read']>>) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          const current = await status.read().catch(() => null);
          if (current) this.set(pick(current));
        },
      });
    gauge('forecast_consumer_lag_messages', 'Messages on the consumed topics not yet applied', (s) => s.topics.reduce((sum, p) => sum + p.lag, 0));
    gauge('forecast_lag_seconds', 'For partitions behind: seconds since they last applied anything', (s) => s.lagSeconds);
    gauge('forecast_events_applied', 'Events applied to the active projections', (s) => s.eventsApplied);
    gauge('forecast_events_held', 'Events held until their aggregate arrives', (s) => s.held.placementRateChanges + s.held.placementEnds + s.held.paymentReversals);
    gauge('forecast_events_dead_lettered', 'Messages ever sent to the consumed topics’ DLQs', (s) => s.deadLettered);
  }
}
