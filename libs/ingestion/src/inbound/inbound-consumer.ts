import { Logger } from '@nestjs/common';
import {
  BatchConsumer,
  deadLetterMessage,
  dlqTopic,
  type ConsumerCounters,
  type DecodedMessage,
  type MessageBatch,
  type MessageSender,
  type RawMessage,
} from '@ramprognos/messaging';
import { KafkaJSNonRetriableError, type Kafka } from 'kafkajs';
import type { EventIngestion } from '../events/event-ingestion';
import { INBOUND_TOPIC } from '../ingestion-spec';
import {
  maskedDeadLetterValue,
  routeInbound,
  type InboundMessage,
  type InboundRoute,
} from './inbound-routing';

/** Where a new consumer group starts: the whole topic (default) or what arrives from now on. */
export type InboundStart = 'earliest' | 'latest';

export interface InboundConsumerOptions {
  readonly kafka: Kafka;
  readonly ingestion: EventIngestion;
  readonly groupId: string;
  readonly start: InboundStart;
  /** Sends the DLQ copies (an idempotent CloudEventProducer). */
  readonly deadLetter: MessageSender;
  readonly clock?: () => Date;
}

type InboundItem = InboundRoute & { readonly original: InboundMessage };

/** Header added to a DLQ copy whose value had a personnummer masked. */
export const MASKED_HEADER = 'x-dlq-masked';
/** The consumer group that dead-lettered the message: which service answered for it. */
export const GROUP_HEADER = 'x-dlq-consumer-group';

export const CONFLICT_REASON =
  'conflict: this source and id were accepted before with other content (SPEC §4); not applied';

/**
 * Consumes socialtjanst.inbound.v1 for one service: its own valid events go through the same
 * pipeline as HTTP (dedup included), the other service's messages are skipped, and the messages
 * it answers for but cannot take — invalid, unknown type, a conflict — go to
 * socialtjanst.inbound.v1.dlq with the reason in x-dlq-reason. Handler failures (the database is
 * down) are transient: the partition waits and retries, nothing valid is dead-lettered for them.
 */
export class InboundConsumer {
  private readonly logger = new Logger(InboundConsumer.name);
  private consumer?: BatchConsumer<InboundItem>;

  constructor(private readonly options: InboundConsumerOptions) {}

  async start(): Promise<void> {
    if (this.options.start === 'latest') await this.startNewGroupAtEnd();
    const spec = this.options.ingestion.spec;
    const consumer = new BatchConsumer<InboundItem>(this.options.kafka, {
      groupId: this.options.groupId,
      topics: [INBOUND_TOPIC],
      fromBeginning: true,
      decode: (message: RawMessage) => ({
        ok: true,
        value: { ...routeInbound(message, spec), original: message },
      }),
      handleBatch: (batch) => this.handle(batch),
      failureKind: () => 'transient',
      deadLetter: this.options.deadLetter,
    });
    this.consumer = consumer;
    try {
      await consumer.start();
    } catch (error) {
      await consumer.stop().catch(() => undefined);
      this.consumer = undefined;
      throw error;
    }
  }

  joinedGroup(timeoutMs?: number): Promise<void> {
    if (!this.consumer) return Promise.reject(new Error('the inbound consumer is not running'));
    return this.consumer.joinedGroup(timeoutMs);
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  metrics(): ConsumerCounters | undefined {
    return this.consumer?.metrics();
  }

  private async handle(batch: MessageBatch<InboundItem>): Promise<void> {
    const rejected: { message: DecodedMessage<InboundItem>; reason: string; attempts: number }[] = [];
    const events: DecodedMessage<InboundItem>[] = [];
    for (const message of batch.messages) {
      if (message.value.kind === 'event') events.push(message);
      else if (message.value.kind === 'reject')
        rejected.push({ message, reason: message.value.reason, attempts: 0 });
    }
    if (events.length > 0) {
      const result = await this.options.ingestion.ingest(
        events.map((m) => (m.value as Extract<InboundRoute, { kind: 'event' }>).event),
        'skip-conflicts',
        'inbound',
      );
      for (const index of result.conflicts)
        rejected.push({ message: events[index], reason: CONFLICT_REASON, attempts: 1 });
    }
    if (rejected.length === 0) return;
    rejected.sort((a, b) => Number(BigInt(a.message.offset) - BigInt(b.message.offset)));
    const failedAt = (this.options.clock ?? (() => new Date()))();
    // Acknowledged by the broker before the handler returns, hence before the offsets are committed.
    await this.options.deadLetter.send(
      dlqTopic(batch.topic),
      rejected.map(({ message, reason, attempts }) => {
        const { value, masked } = maskedDeadLetterValue(message.value.original.value);
        const headers = {
          ...message.value.original.headers,
          [GROUP_HEADER]: this.options.groupId,
          ...(masked ? { [MASKED_HEADER]: 'personnummer' } : {}),
        };
        return deadLetterMessage(
          { key: message.value.original.key, value, headers },
          {
            reason,
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            attempts,
            failedAt,
          },
        );
      }),
    );
    for (const { message, reason } of rejected) {
      this.logger.warn({
        msg: 'inbound message dead-lettered',
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
        reason,
      });
    }
  }

  /**
   * For INBOUND_START=latest: a group that has never committed starts at the current end of the
   * topic. Committing the end offsets before joining (rather than relying on the consumer's own
   * reset) makes "after start() resolved" a precise point: everything produced later is read.
   */
  private async startNewGroupAtEnd(): Promise<void> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({
        groupId: this.options.groupId,
        topics: [INBOUND_TOPIC],
      });
      if (committed && committed.partitions.some((p) => p.offset !== '-1')) return;
      const ends = await admin.fetchTopicOffsets(INBOUND_TOPIC);
      await admin.setOffsets({
        groupId: this.options.groupId,
        topic: INBOUND_TOPIC,
        partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })),
      });
      this.logger.log({
        msg: 'new inbound consumer group starts at the end of the topic',
        groupId: this.options.groupId,
      });
    } catch (error) {
      // Another instance of the group is already running: it has the offsets in hand. Anything
      // else (a coordinator still loading) is thrown, and the start is tried again.
      if (!(error instanceof KafkaJSNonRetriableError) || !/running instances/.test(error.message))
        throw error;
      this.logger.log({
        msg: 'the inbound group is already running elsewhere; joining it where it is',
        groupId: this.options.groupId,
      });
    } finally {
      await admin.disconnect();
    }
  }
}
