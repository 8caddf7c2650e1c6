import { randomBytes } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { createKafka, headersToRecord, jsonLineLogger, type CloudEvent } from '../src';

// @ramprognos/testing is tagged type:testing, which a type:lib may not import, so the same helper here.
export function uniqueId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

export const brokers = (): string[] => {
  const configured = process.env.KAFKA_BROKERS;
  if (!configured) throw new Error('KAFKA_BROKERS is not set; run through jest.int.config.js');
  return configured.split(',');
};

/** Errors only, so test output stays readable; the lines are still JSON from our logCreator. */
export function testKafka(clientId: string): Kafka {
  return createKafka({ clientId, brokers: brokers(), logLevel: 'error', logger: jsonLineLogger() });
}

export function cloudEvent(subject: string, id: string, data: Record<string, unknown> = {}): CloudEvent {
  return {
    specversion: '1.0',
    id,
    source: 'urn:system:messaging-test',
    type: 'se.socialtjanst.test.happened.v1',
    subject,
    time: '2024-01-01T00:00:00Z',
    datacontenttype: 'application/json',
    data,
  };
}

export async function eventually<T>(
  probe: () => T | Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface ReadMessage {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/** Reads `count` messages of a topic from the beginning with a plain kafkajs consumer (not the code under test). */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 20_000,
): Promise<ReadMessage[]> {
  const consumer = kafka.consumer({
    groupId: `reader-${topic}-${Date.now()}`,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 200,
  });
  const read: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }: { partition: number; message: KafkaMessage }) => {
        read.push({
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value,
          headers: headersToRecord(message.headers),
        });
      },
    });
    await eventually(
      () => read.length,
      (n) => n >= count,
      timeoutMs,
      `${count} messages on ${topic}`,
    );
    return read;
  } finally {
    await consumer.disconnect();
  }
}
