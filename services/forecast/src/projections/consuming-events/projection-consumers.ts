import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { fromKafkaMessage, type PublishedEvent } from '@ramprognos/contracts';
import { BatchConsumer, describeLag, ensureTopics, type DecodeResult, type RawMessage } from '@ramprognos/messaging';
import { KAFKA, METRICS_REGISTRY, databaseFailureKind } from '@ramprognos/service-kit';
import type { Kafka } from 'kafkajs';
import { Counter, Histogram, type Registry } from 'prom-client';
import { ProjectionWriter } from '../applying-events/projection-writer';
import { CONSUMED_TOPICS, CONSUMED_TOPIC_SPECS } from '../consumed-topics';
import { type Generation, GenerationsRepository } from '../generations/generations.repository';

const RECONCILE_INTERVAL_MS = 2000;

function decode(message: RawMessage): DecodeResult<PublishedEvent> {
  const parsed = fromKafkaMessage({ key: message.key, value: message.value, headers: message.headers });
  if (parsed.ok) return { ok: true, value: parsed.event };
  const reasons = parsed.errors.slice(0, 5).map((e) => `${e.field}: ${e.message}`);
  return { ok: false, reason: `invalid event: ${reasons.join('; ')}` };
}

/**
 * Runs one consumer group per served generation — the active one, and a building one during a
 * rebuild — and moves over when a rebuild has caught up. Every instance does the same, so
 * instances share each generation's partitions as members of its group.
 */
@Injectable()
export class ProjectionConsumers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProjectionConsumers.name);
  private readonly consumers = new Map<number, BatchConsumer<PublishedEvent>>();
  private timer?: NodeJS.Timeout;
  private reconciling: Promise<void> = Promise.resolve();
  private readonly applied: Counter;
  private readonly duplicates: Counter;
  private readonly applySeconds: Histogram;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly writer: ProjectionWriter,
    private readonly generations: GenerationsRepository,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.applied = new Counter({ name: 'forecast_events_applied_total', help: 'Events applied to the projections', registers: [registry] });
    this.duplicates = new Counter({
      name: 'forecast_events_duplicate_total',
      help: 'Redelivered or republished events found already applied',
      registers: [registry],
    });
    this.applySeconds = new Histogram({
      name: 'forecast_batch_apply_seconds',
      help: 'Time to apply one partition batch in one transaction',
      registers: [registry],
    });
  }

  /** Does not wait for Kafka: the service boots (and reports unhealthy) while the broker is away. */
  onApplicationBootstrap(): void {
    this.schedule();
    this.timer = setInterval(() => this.schedule(), RECONCILE_INTERVAL_MS);
  }

  private topicsReady = false;

  private busy = false;

  private schedule(): void {
    if (this.busy) return;
    this.busy = true;
    this.reconciling = this.reconcile()
      .catch((error: unknown) => {
        this.logger.warn({ msg: 'reconciling projection consumers failed; retrying', error: (error as Error).message });
      })
      .finally(() => {
        this.busy = false;
      });
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.reconciling.catch(() => undefined);
    await Promise.all([...this.consumers.values()].map((c) => c.stop()));
    this.consumers.clear();
  }

  /** Counters of the running consumers, for status and metrics. */
  counters() {
    return [...this.consumers.entries()].map(([generation, consumer]) => ({ generation, ...consumer.metrics() }));
  }

  private async reconcile(): Promise<void> {
    if (!this.topicsReady) {
      await ensureTopics(this.kafka, CONSUMED_TOPIC_SPECS);
      this.topicsReady = true;
    }
    const served = (await this.generations.list()).filter((g) => g.status !== 'retired');
    for (const generation of served) {
      if (!this.consumers.has(generation.generation)) await this.startConsumer(generation);
    }
    for (const [number, consumer] of this.consumers) {
      if (!served.some((g) => g.generation === number)) {
        this.consumers.delete(number);
        await consumer.stop();
        this.logger.log({ msg: 'stopped consumer of a retired generation', generation: number });
      }
    }
    const building = served.find((g) => g.status === 'building');
    const active = served.find((g) => g.status === 'active');
    if (building && active && (await this.caughtUp(building, active))) {
      if (await this.generations.activate(building.generation)) {
        this.logger.log({ msg: 'rebuild caught up: switched projections', from: active.generation, to: building.generation });
      }
    }
    await this.generations.purgeRetired();
  }

  private async startConsumer(generation: Generation): Promise<void> {
    const consumer = new BatchConsumer<PublishedEvent>(this.kafka, {
      groupId: generation.consumerGroup,
      topics: CONSUMED_TOPICS,
      fromBeginning: true,
      // A member that died (SIGKILL, lost host) is noticed within 10 s instead of kafkajs' 30 s.
      consumerConfig: { sessionTimeout: 10_000, heartbeatInterval: 1_000, maxBytesPerPartition: 4 << 20, maxBytes: 16 << 20 },
      // Two partitions at a time: one decodes while the other's transaction commits.
      partitionsConsumedConcurrently: 2,
      decode,
      // A database outage is waited out, not dead-lettered: every event would otherwise go to the DLQ.
      failureKind: databaseFailureKind,
      handleBatch: async (batch) => {
        const end = this.applySeconds.startTimer();
        const result = await this.writer.applyBatch(
          generation.generation,
          batch.topic,
          batch.partition,
          batch.messages.map((m) => ({ offset: m.offset, event: m.value })),
        );
        end();
        this.applied.inc(result.applied);
        this.duplicates.inc(result.duplicates);
      },
    });
    try {
      await consumer.start();
    } catch (error) {
      await consumer.stop().catch(() => undefined);
      throw error;
    }
    this.consumers.set(generation.generation, consumer);
    this.logger.log({ msg: 'consuming', generation: generation.generation, group: generation.consumerGroup });
  }

  /** Past the end offsets seen when the rebuild started, and no further behind than the active one. */
  private async caughtUp(building: Generation, active: Generation): Promise<boolean> {
    const [mine, theirs] = await Promise.all([
      describeLag(this.kafka, building.consumerGroup, CONSUMED_TOPICS),
      describeLag(this.kafka, active.consumerGroup, CONSUMED_TOPICS),
    ]);
    const activeLag = new Map(theirs.map((p) => [`${p.topic}:${p.partition}`, p.lag]));
    return mine.every((p) => {
      const key = `${p.topic}:${p.partition}`;
      const target = building.targetOffsets?.[key] ?? 0;
      return (p.offset ?? 0) >= target && p.lag <= (activeLag.get(key) ?? 0);
    });
  }
}
