import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';

export interface ReadMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** User topics of the broker (not Kafka's own `__…` topics). */
export async function listUserTopics(kafka: Kafka): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.listTopics()).filter((t) => !t.startsWith('__')).sort();
  } finally {
    await admin.disconnect();
  }
}

/**
 * Every message of the topics, from the start to the end offsets seen when called. A throwaway
 * consumer group, so nothing of the services' groups moves.
 */
export async function readTopics(
  kafka: Kafka,
  topics: readonly string[],
  timeoutMs = 120_000,
): Promise<ReadMessage[]> {
  if (topics.length === 0) return [];
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  try {
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(p.high) > BigInt(p.low)) remaining.set(`${topic}:${p.partition}`, BigInt(p.high));
      }
    }
  } finally {
    await admin.disconnect();
  }
  const messages: ReadMessage[] = [];
  if (remaining.size === 0) return messages;
  const groupId = `chaos-reader-${randomBytes(6).toString('hex')}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading ${topics.join(', ')}: not at the end within ${timeoutMs} ms`)),
        timeoutMs,
      );
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const key = `${batch.topic}:${batch.partition}`;
            const end = remaining.get(key);
            for (const m of batch.messages) {
              if (end === undefined || BigInt(m.offset) >= end) continue;
              const headers: Record<string, string> = {};
              for (const [name, value] of Object.entries(m.headers ?? {})) {
                headers[name] = Array.isArray(value) ? value.map(String).join(',') : String(value ?? '');
              }
              messages.push({
                topic: batch.topic,
                partition: batch.partition,
                offset: m.offset,
                key: m.key,
                value: m.value,
                headers,
              });
            }
            if (end !== undefined && BigInt(batch.lastOffset()) + 1n >= end) remaining.delete(key);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
