import { Controller, Get, Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { dlqTopic } from '@ramprognos/contracts';
import { describeLag, endOffsets, type PartitionLag } from '@ramprognos/messaging';
import { KAFKA, METRICS_REGISTRY } from '@ramprognos/service-kit';
import { Gauge, type Registry } from 'prom-client';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { CONSUMED_TOPICS } from '../projections/consumed-topics';
import { GenerationsRepository } from '../projections/generations/generations.repository';

/** Why the Kafka side of the status is missing; the rest (from PostgreSQL) is still answered. */
export const OFFSETS_UNAVAILABLE =
  'the offsets of the consumed topics could not be read from Kafka yet (topics being created, no leader yet, or the broker unreachable)';

type KafkaSide =
  | { readonly ok: true; readonly lags: readonly PartitionLag[]; readonly deadLettered: number | null }
  | { readonly ok: false };

/**
 * SPEC §8 status of the active projections, plus: lagSeconds (for partitions behind, how long
 * since they last applied anything), held (events waiting for their aggregate: rate changes and
 * ends of unknown placements, reversals of unknown payments), deadLettered (messages ever sent to
 * the consumed topics' DLQs). Open, like /health: it carries no personal data.
 *
 * Kafka may not know the topics' partitions yet (right after they are created, before a leader is
 * elected) or be away; then the answer is still 200 with what PostgreSQL knows, caughtUp false,
 * no topics, and `offsetsUnavailable` saying why. A database outage is a 503 (service kit).
 */
@Injectable()
export class ProjectionStatus {
  private readonly logger = new Logger(ProjectionStatus.name);

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly db: DataSource,
    private readonly generations: GenerationsRepository,
  ) {}

  async read() {
    const active = await this.generations.active();
    const [kafkaSide, positions, held, building] = await Promise.all([
      this.kafkaSide(active.consumerGroup),
      this.generations.positions(active.generation),
      this.held(active.generation),
      this.generations.list().then((all) => all.find((g) => g.status === 'building') ?? null),
    ]);
    const lags = kafkaSide.ok ? kafkaSide.lags : [];
    const now = Date.now();
    const lagSeconds = lags
      .filter((p) => p.lag > 0)
      .reduce((max, p) => {
        const applied = positions.get(`${p.topic}:${p.partition}`)?.updatedAt.getTime() ?? active.activatedAt;
        const since = typeof applied === 'number' ? applied : Date.parse(applied ?? new Date(now).toISOString());
        return Math.max(max, (now - since) / 1000);
      }, 0);
    // Caught up only when every consumed topic shows partitions: an empty list proves nothing.
    const everyTopicKnown = CONSUMED_TOPICS.every((topic) => lags.some((p) => p.topic === topic));
    return {
      caughtUp: kafkaSide.ok && everyTopicKnown && lags.every((p) => p.lag === 0),
      eventsApplied: active.eventsApplied,
      topics: lags.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.offset ?? 0, endOffset: p.endOffset, lag: p.lag })),
      lagSeconds: kafkaSide.ok ? Math.round(lagSeconds * 10) / 10 : null,
      held,
      deadLettered: kafkaSide.ok ? kafkaSide.deadLettered : null,
      generation: active.generation,
      rebuild: building ? { generation: building.generation, eventsApplied: building.eventsApplied } : null,
      ...(kafkaSide.ok ? {} : { offsetsUnavailable: OFFSETS_UNAVAILABLE }),
    };
  }

  /** Offsets and DLQ sizes; a failure here is Kafka not ready, not a reason to fail the whole status. */
  private async kafkaSide(groupId: string): Promise<KafkaSide> {
    const [lags, dlq] = await Promise.allSettled([
      describeLag(this.kafka, groupId, CONSUMED_TOPICS),
      endOffsets(this.kafka, CONSUMED_TOPICS.map(dlqTopic)),
    ]);
    if (lags.status === 'rejected') {
      this.logger.debug({ msg: 'status without offsets', error: nameOf(lags.reason) });
      return { ok: false };
    }
    const deadLettered =
      dlq.status === 'fulfilled' ? dlq.value.reduce((sum, p) => sum + (p.endOffset - p.startOffset), 0) : null;
    return { ok: true, lags: lags.value, deadLettered };
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
    const gauge = (name: string, help: string, pick: (s: Awaited<ReturnType<ProjectionStatus['read']>>) => number | null) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          const current = await status.read().catch(() => null);
          const value = current === null ? null : pick(current);
          if (value !== null) this.set(value);
        },
      });
    gauge('forecast_consumer_lag_messages', 'Messages on the consumed topics not yet applied', (s) =>
      s.offsetsUnavailable === undefined ? s.topics.reduce((sum, p) => sum + p.lag, 0) : null,
    );
    gauge('forecast_lag_seconds', 'For partitions behind: seconds since they last applied anything', (s) => s.lagSeconds);
    gauge('forecast_events_applied', 'Events applied to the active projections', (s) => s.eventsApplied);
    gauge('forecast_events_held', 'Events held until their aggregate arrives', (s) => s.held.placementRateChanges + s.held.placementEnds + s.held.paymentReversals);
    gauge('forecast_events_dead_lettered', 'Messages ever sent to the consumed topics’ DLQs', (s) => s.deadLettered);
  }
}

function nameOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
}
