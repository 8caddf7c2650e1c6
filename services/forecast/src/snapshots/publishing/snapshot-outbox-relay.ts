import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TOPICS, TOPIC_PARTITIONS } from '@ramprognos/contracts';
import { CloudEventProducer, ensureTopics, type CloudEvent } from '@ramprognos/messaging';
import { KAFKA } from '@ramprognos/service-kit';
import type { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';

/** How often the outbox is looked at when nothing wakes the relay (a failed publish is retried then). */
export const RELAY_INTERVAL_MS = 2_000;
const BATCH = 20;

/**
 * Publishes the forecast.published events of stored snapshots, oldest first, and marks them
 * published — after the broker has acknowledged them (acks = all). A crash in between publishes
 * the event again on the next round: at least once, never lost; the event id (the snapshot id)
 * lets a consumer recognise the repeat. Rows are locked while being published, so several
 * instances never publish the same row at once.
 */
@Injectable()
export class SnapshotOutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SnapshotOutboxRelay');
  private producer: CloudEventProducer;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private topicReady = false;
  private stopped = false;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly db: DataSource,
  ) {
    this.producer = new CloudEventProducer(kafka);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.wake(), RELAY_INTERVAL_MS);
    this.timer.unref();
    void this.wake();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.producer.disconnect().catch(() => undefined);
  }

  /** Drains the outbox now (or joins the drain already running). Never rejects. */
  wake(): Promise<void> {
    this.running ??= this.drain()
      .catch(async (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.warn(`publishing forecast snapshots failed, retrying: ${message}`);
        // A fresh producer for the next round: one that lost its broker may not recover by itself.
        const broken = this.producer;
        this.producer = new CloudEventProducer(this.kafka);
        await broken.disconnect().catch(() => undefined);
        await this.db
          .query(`update forecast_outbox set attempts = attempts + 1, last_error = $1 where published_at is null`, [message.slice(0, 500)])
          .catch(() => undefined);
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const published = await this.db.transaction(async (tx) => {
        const rows: { outbox_id: string; topic: string; event: string }[] = await tx.query(
          `select outbox_id, topic, event from forecast_outbox where published_at is null
            order by outbox_id limit ${BATCH} for update skip locked`,
        );
        if (rows.length === 0) return 0;
        await this.ensureTopic();
        for (const topic of [...new Set(rows.map((r) => r.topic))]) {
          await this.producer.publish(
            topic,
            rows.filter((r) => r.topic === topic).map((r) => JSON.parse(r.event) as CloudEvent),
          );
        }
        await tx.query(`update forecast_outbox set published_at = now(), attempts = attempts + 1 where outbox_id = any($1::bigint[])`, [
          rows.map((r) => r.outbox_id),
        ]);
        return rows.length;
      });
      if (published === 0) return;
    }
  }

  private async ensureTopic(): Promise<void> {
    if (this.topicReady) return;
    await ensureTopics(this.kafka, [{ topic: TOPICS.forecasts, numPartitions: TOPIC_PARTITIONS[TOPICS.forecasts] }]);
    this.topicReady = true;
  }
}
