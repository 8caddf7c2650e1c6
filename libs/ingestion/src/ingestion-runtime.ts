import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { TOPIC_PARTITIONS } from '@ramprognos/contracts';
import {
  CloudEventProducer,
  backoffDelay,
  createKafka,
  describeError,
  ensureTopics,
  type BackoffPolicy,
} from '@ramprognos/messaging';
import type { Kafka } from 'kafkajs';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { EventIngestion } from './events/event-ingestion';
import { InboundConsumer, type InboundStart } from './inbound/inbound-consumer';
import { INBOUND_TOPIC, type IngestionSpec } from './ingestion-spec';
import { OutboxRelay, type OutboxRelayOptions } from './relay/outbox-relay';
import { PgEventStore } from './store/pg-event-store';

export interface IngestionRuntimeOptions {
  readonly spec: IngestionSpec;
  /** The service's PostgreSQL schema (DB_SCHEMA): names the relay lock, the NOTIFY channel and the inbound group. */
  readonly schema: string;
  /** KAFKA_BROKERS: the setup steps at boot use a client of their own that gives up quickly. */
  readonly brokers: readonly string[];
  readonly inboundStart?: InboundStart;
  readonly relay?: Pick<OutboxRelayOptions, 'claimLimit' | 'chunkSize' | 'pollIntervalMs' | 'backoff'>;
}

const START_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.2 };

/** The inbound consumer group: one per schema, because the dedup state it commits against lives there. */
export function inboundGroupId(schema: string): string {
  return `ramprognos.${schema}.inbound`;
}

/**
 * Everything an ingesting service runs: the pipeline, the outbox relay and the inbound consumer.
 * The HTTP side works from boot; the Kafka side (topics, relay, consumer) is started in the
 * background and retried until the broker answers, so a service boots — and keeps accepting
 * into its outbox — while Kafka is away.
 */
export class IngestionRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly ingestion: EventIngestion;
  readonly relay: OutboxRelay;
  readonly inbound: InboundConsumer;
  private readonly logger = new Logger(IngestionRuntime.name);
  private readonly producer: CloudEventProducer;
  // Its own: the relay's producer is kept busy (and, while Kafka is away, retrying) by the relay.
  private readonly deadLetterProducer: CloudEventProducer;
  private readonly stopping = new AbortController();
  private starting?: Promise<void>;
  private phase: 'topics' | 'consumer' | 'running' = 'topics';
  private markReady!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    private readonly kafka: Kafka,
    dataSource: DataSource,
    registry: Registry,
    private readonly options: IngestionRuntimeOptions,
  ) {
    const store = new PgEventStore(dataSource, options.schema, () => this.relay.wake());
    const metrics = ingestionMetrics(registry, () => store.outboxPending());
    this.ingestion = new EventIngestion(options.spec, store, {
      counted: (channel, status, count) => metrics.events.inc({ channel, status }, count),
    });
    const chunkSize = options.relay?.chunkSize ?? 1000;
    this.producer = new CloudEventProducer(kafka, { maxBatchSize: chunkSize });
    this.deadLetterProducer = new CloudEventProducer(kafka);
    this.relay = new OutboxRelay({
      dataSource,
      schema: options.schema,
      producer: this.producer,
      ...options.relay,
      chunkSize,
      onPublished: (count) => metrics.published.inc(count),
      onPublishFailure: () => metrics.publishFailures.inc(),
    });
    this.inbound = new InboundConsumer({
      kafka,
      ingestion: this.ingestion,
      groupId: inboundGroupId(options.schema),
      start: options.inboundStart ?? 'earliest',
      deadLetter: this.deadLetterProducer,
    });
  }

  onApplicationBootstrap(): void {
    this.starting = this.startKafkaSide().catch((error: unknown) => {
      if (!this.stopping.signal.aborted) {
        this.logger.error({ msg: 'the Kafka side of ingestion did not start', error: describeError(error) });
      }
    });
  }

  /** Resolves once topics exist, the relay runs and the inbound consumer has joined its group. */
  async ready(timeoutMs = 60_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`ingestion not ready within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.readyPromise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  // Before TypeORM closes the pool (onApplicationShutdown): the relay still needs it to finish.
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    // A start stuck on an absent broker is not waited for (it gives up at its next step), but a
    // consumer in the middle of joining is: kafkajs crashes when disconnected during a join.
    await Promise.race([this.starting, sleep(this.phase === 'consumer' ? 10_000 : 1000)]);
    await this.inbound
      .stop()
      .catch((error: unknown) =>
        this.logger.warn({ msg: 'stopping the inbound consumer failed', error: describeError(error) }),
      );
    await this.relay.stop();
    await this.producer.disconnect().catch(() => undefined);
    await this.deadLetterProducer.disconnect().catch(() => undefined);
  }

  private async startKafkaSide(): Promise<void> {
    const topics = [...this.options.spec.publishedTopics, INBOUND_TOPIC];
    // kafkajs retries a connection for about a minute and cannot be interrupted; this client gives
    // up within seconds, so the loop below (which can) does the waiting, and shutdown is prompt.
    const setup = createKafka({
      clientId: `${this.options.spec.service}-ingestion-setup`,
      brokers: this.options.brokers,
      logLevel: 'nothing',
      connectionTimeoutMs: 3000,
      retry: { retries: 1, initialRetryTime: 300, maxRetryTime: 1000 },
    });
    await this.untilDone('ensuring topics', async () => {
      const { mismatched } = await ensureTopics(
        setup,
        topics.map((topic) => ({ topic, numPartitions: TOPIC_PARTITIONS[topic] })),
      );
      // Left as they are: re-partitioning would move keys and break their order.
      if (mismatched.length > 0)
        this.logger.warn({ msg: 'topics with another partition count than SPEC §3', mismatched });
    });
    if (this.stopping.signal.aborted) return;
    this.relay.start();
    this.phase = 'consumer';
    let consuming = false;
    await this.untilDone('starting the inbound consumer', async () => {
      if (!consuming) await this.inbound.start();
      consuming = true;
      await this.inbound.joinedGroup();
    });
    this.phase = 'running';
    if (this.stopping.signal.aborted) return;
    this.logger.log({
      msg: 'ingestion connected to Kafka',
      topics,
      inboundGroup: inboundGroupId(this.options.schema),
    });
    this.markReady();
  }

  private async untilDone(what: string, step: () => Promise<unknown>): Promise<void> {
    for (let failures = 1; !this.stopping.signal.aborted; failures += 1) {
      try {
        await step();
        return;
      } catch (error) {
        if (this.stopping.signal.aborted) return;
        const delayMs = backoffDelay(START_BACKOFF, failures);
        this.logger.warn({ msg: `${what} failed; retrying`, error: describeError(error), delayMs });
        await sleep(delayMs, this.stopping.signal);
      }
    }
  }
}

function ingestionMetrics(registry: Registry, outboxPending: () => Promise<number>) {
  return {
    events: new Counter({
      name: 'ingest_events_total',
      help: 'Events by channel (http, inbound, import) and outcome (accepted, duplicate, conflict)',
      labelNames: ['channel', 'status'],
      registers: [registry],
    }),
    published: new Counter({
      name: 'outbox_published_total',
      help: 'Outbox rows published to Kafka and marked',
      registers: [registry],
    }),
    publishFailures: new Counter({
      name: 'outbox_publish_failures_total',
      help: 'Failed produce requests of the outbox relay (each is retried)',
      registers: [registry],
    }),
    pending: new Gauge({
      name: 'outbox_pending',
      help: 'Accepted events not yet acknowledged by Kafka',
      registers: [registry],
      async collect() {
        try {
          this.set(await outboxPending());
        } catch {
          // The database is away; /health says so. Keep the last value rather than fail /metrics.
        }
      },
    }),
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
