import {
  Partitioners,
  type Kafka,
  type Message,
  type Producer,
  type RecordMetadata,
  type RetryOptions,
} from 'kafkajs';
import { toStructuredMessage, type CloudEvent } from './cloud-event';

/** What the batch consumer needs to dead-letter a message; CloudEventProducer is one. */
export interface MessageSender {
  send(topic: string, messages: readonly Message[]): Promise<readonly RecordMetadata[]>;
}

export interface CloudEventProducerOptions {
  /** Event → Kafka message; structured-mode CloudEvents keyed by subject unless given. */
  readonly encode?: (event: CloudEvent) => Message;
  /** Messages per produce request; larger publishes are sent as consecutive requests, in order. */
  readonly maxBatchSize?: number;
  readonly retry?: RetryOptions;
}

/**
 * Publishes and returns once every message is acknowledged by all in-sync replicas (acks -1).
 * Idempotent with one request in flight, so the producer's own retries neither duplicate nor
 * reorder messages: the per-key order of a publish() is the order in the partition.
 */
export class CloudEventProducer implements MessageSender {
  private readonly producer: Producer;
  private readonly encode: (event: CloudEvent) => Message;
  private readonly maxBatchSize: number;
  private connecting?: Promise<void>;

  constructor(kafka: Kafka, options: CloudEventProducerOptions = {}) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Java-compatible murmur2: the same key lands in the same partition from any client.
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: options.retry,
    });
    this.encode = options.encode ?? toStructuredMessage;
    this.maxBatchSize = options.maxBatchSize ?? 500;
  }

  /** Optional: publish() connects on first use. Call it at boot to fail fast on a bad broker list. */
  connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  async disconnect(): Promise<void> {
    if (!this.connecting) return;
    this.connecting = undefined;
    await this.producer.disconnect();
  }

  async publish(topic: string, events: readonly CloudEvent[]): Promise<readonly RecordMetadata[]> {
    return this.send(
      topic,
      events.map((event) => this.encode(event)),
    );
  }

  async send(topic: string, messages: readonly Message[]): Promise<readonly RecordMetadata[]> {
    if (messages.length === 0) return [];
    await this.connect();
    const acknowledged: RecordMetadata[] = [];
    for (let start = 0; start < messages.length; start += this.maxBatchSize) {
      const chunk = messages.slice(start, start + this.maxBatchSize);
      acknowledged.push(...(await this.producer.send({ topic, messages: chunk, acks: -1 })));
    }
    return acknowledged;
  }
}
