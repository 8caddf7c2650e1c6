import type { Consumer, ConsumerConfig, ConsumerCrashEvent, Kafka } from 'kafkajs';
import {
  backoffDelay,
  backoffPolicy,
  defaultFailureKind,
  DEFAULT_HANDLER_BACKOFF,
  DEFAULT_RESTART_BACKOFF,
  type BackoffPolicy,
  type FailureKind,
} from './backoff';
import { BatchProcessor, type BatchContext, type MessageBatch } from './batch-processor';
import { decodeCloudEvent, type CloudEvent, type DecodeResult, type RawMessage } from './cloud-event';
import { describeError } from './dead-letter';
import type { MessagingLogger } from './log';
import { CloudEventProducer, type MessageSender } from './producer';

export type { BatchContext, DecodedMessage, MessageBatch } from './batch-processor';

export interface CrashInfo {
  readonly error: Error;
  readonly groupId: string;
  /** kafkajs restarts by itself (retriable error). */
  readonly restartedByKafkajs: boolean;
  /** kafkajs gave up and this consumer is being recreated. */
  readonly recreating: boolean;
}

export interface ConsumerCounters {
  readonly batches: number;
  readonly handled: number;
  readonly deadLettered: number;
  readonly retries: number;
  readonly crashes: number;
  readonly restarts: number;
}

export interface BatchConsumerOptions<T> {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where a group without committed offsets starts (default true: a new projection sees all history). */
  readonly fromBeginning?: boolean;
  readonly handleBatch: (batch: MessageBatch<T>, ctx: BatchContext) => Promise<void>;
  /** Structured-mode CloudEvent envelope check by default. Must be deterministic: a rejection is final. */
  readonly decode?: (message: RawMessage) => DecodeResult<T>;
  /** Tries of a batch, then of each single message, before it is dead-lettered (default 5). */
  readonly maxAttempts?: number;
  readonly backoff?: Partial<BackoffPolicy>;
  readonly restartBackoff?: Partial<BackoffPolicy>;
  /** Transient failures are retried until they pass, never dead-lettered; see TransientError. */
  readonly failureKind?: (error: unknown) => FailureKind;
  /** Sender for `<topic>.dlq`; an idempotent producer of this consumer's own by default. */
  readonly deadLetter?: MessageSender;
  readonly logger?: MessagingLogger;
  readonly onCrash?: (info: CrashInfo) => void;
  readonly clock?: () => Date;
  readonly consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
  readonly partitionsConsumedConcurrently?: number;
}

/**
 * At-least-once consumption of CloudEvents (or anything `decode` accepts) in batches:
 * offsets are committed only after the batch is handled or dead-lettered, and a message that
 * cannot be decoded or keeps failing goes to `<topic>.dlq` so the partition moves on.
 */
export class BatchConsumer<T = CloudEvent> {
  private readonly options: BatchConsumerOptions<T>;
  private readonly processor: BatchProcessor<T>;
  private readonly restartBackoff: BackoffPolicy;
  private readonly ownDeadLetter?: CloudEventProducer;
  private readonly log: MessagingLogger;
  private readonly abort = new AbortController();
  private readonly counts = { batches: 0, handled: 0, deadLettered: 0, retries: 0, crashes: 0, restarts: 0 };
  private consumer?: Consumer;
  private state: 'new' | 'started' | 'stopped' = 'new';
  private restartAttempts = 0;
  private restartTimer?: NodeJS.Timeout;
  private restarting?: Promise<void>;
  private joined!: Promise<void>;
  private markJoined!: () => void;

  constructor(
    private readonly kafka: Kafka,
    options: BatchConsumerOptions<T>,
  ) {
    if (options.topics.length === 0) throw new Error('BatchConsumer needs at least one topic');
    const maxAttempts = options.maxAttempts ?? 5;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error('maxAttempts must be ≥ 1');
    this.options = options;
    this.restartBackoff = backoffPolicy(options.restartBackoff, DEFAULT_RESTART_BACKOFF);
    this.ownDeadLetter = options.deadLetter ? undefined : new CloudEventProducer(kafka);
    this.log = options.logger ?? kafka.logger().namespace('BatchConsumer');
    this.processor = new BatchProcessor<T>({
      groupId: options.groupId,
      handleBatch: options.handleBatch,
      decode: options.decode ?? (decodeCloudEvent as unknown as (m: RawMessage) => DecodeResult<T>),
      maxAttempts,
      backoff: backoffPolicy(options.backoff, DEFAULT_HANDLER_BACKOFF),
      failureKind: options.failureKind ?? defaultFailureKind,
      deadLetter: options.deadLetter ?? (this.ownDeadLetter as CloudEventProducer),
      log: this.log,
      clock: options.clock ?? (() => new Date()),
      signal: this.abort.signal,
      counts: this.counts,
    });
    this.resetJoined();
  }

  /** Connects, subscribes and starts fetching; rejects if the first connect or subscribe fails. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`BatchConsumer ${this.options.groupId} was already started`);
    this.state = 'started';
    await this.runConsumer();
  }

  /** Resolves once this member has joined its group and has an assignment (useful in tests). */
  async joinedGroup(timeoutMs = 30_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${this.options.groupId}: no group join within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([this.joined, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops fetching, lets the batch in hand end (committing what it finished) and leaves the group. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.abort.abort();
    clearTimeout(this.restartTimer);
    await this.restarting;
    await this.consumer?.disconnect();
    await this.ownDeadLetter?.disconnect();
  }

  metrics(): ConsumerCounters {
    return { ...this.counts };
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  private async runConsumer(): Promise<void> {
    const { groupId, topics, fromBeginning = true } = this.options;
    const consumer = this.kafka.consumer({
      allowAutoTopicCreation: false,
      // Java's fetch.max.wait.ms; kafkajs' 5 s default makes every stop() wait out an idle long poll.
      maxWaitTimeInMs: 500,
      ...this.options.consumerConfig,
      groupId,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (event) => this.onCrash(consumer, event));
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.restartAttempts = 0;
      this.markJoined();
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...topics], fromBeginning });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) => this.processor.process(payload),
      });
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private onCrash(consumer: Consumer, event: ConsumerCrashEvent): void {
    if (consumer !== this.consumer) return;
    const { error, groupId, restart } = event.payload;
    this.counts.crashes += 1;
    const recreating = !restart && this.state === 'started';
    this.log.error('Consumer crashed', {
      groupId,
      error: describeError(error),
      restartedByKafkajs: restart,
      recreating,
    });
    try {
      this.options.onCrash?.({ error, groupId, restartedByKafkajs: restart, recreating });
    } catch (hookError) {
      this.log.error('onCrash hook threw', { groupId, error: describeError(hookError) });
    }
    if (recreating) this.scheduleRestart();
  }

  // kafkajs does not restart after a non-retriable error; a service that silently stops consuming
  // is worse than one that retries with backoff and says so in its logs and metrics.
  private scheduleRestart(): void {
    this.restartAttempts += 1;
    const delayMs = backoffDelay(this.restartBackoff, this.restartAttempts);
    this.resetJoined();
    this.log.warn('Recreating consumer', {
      groupId: this.options.groupId,
      attempt: this.restartAttempts,
      delayMs,
    });
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restarting = this.recreate().finally(() => (this.restarting = undefined));
    }, delayMs);
  }

  private async recreate(): Promise<void> {
    if (this.state !== 'started') return;
    await this.consumer?.disconnect().catch(() => undefined);
    try {
      await this.runConsumer();
      this.counts.restarts += 1;
      this.log.info('Consumer recreated', { groupId: this.options.groupId });
    } catch (error) {
      this.log.error('Recreating the consumer failed', {
        groupId: this.options.groupId,
        error: describeError(error),
      });
      if (this.state === 'started') this.scheduleRestart();
    }
  }

  private resetJoined(): void {
    this.joined = new Promise((resolve) => (this.markJoined = resolve));
  }
}
