import type { Message, RecordMetadata } from 'kafkajs';
import {
  BatchConsumer,
  CloudEventProducer,
  describeLag,
  dlqTopic,
  ensureTopics,
  type CrashInfo,
  type MessageSender,
} from '../src';
import { cloudEvent, eventually, readTopic, testKafka, uniqueId } from './support';

/** Our own DLQ port, failing once in a way kafkajs will not retry, then delegating to a real producer. */
class FailingOnceSender implements MessageSender {
  calls = 0;
  constructor(private readonly real: MessageSender) {}
  async send(topic: string, messages: readonly Message[]): Promise<readonly RecordMetadata[]> {
    this.calls += 1;
    if (this.calls === 1) throw Object.assign(new Error('DLQ write refused'), { retriable: false });
    return this.real.send(topic, messages);
  }
}

describe('BatchConsumer after a crash kafkajs does not recover from', () => {
  const kafka = testKafka('messaging-crash');
  const producer = new CloudEventProducer(kafka);
  afterAll(() => producer.disconnect());

  it('recreates the consumer with backoff, reports it, and resumes from the committed offset', async () => {
    const topic = uniqueId('messaging.crash');
    const groupId = uniqueId('crash-group');
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }]);
    await producer.publish(topic, [cloudEvent('agg-1', 'e0')]);
    await producer.send(topic, [{ key: 'agg-2', value: '{broken' }]);
    await producer.publish(topic, [cloudEvent('agg-1', 'e2')]);

    const crashes: CrashInfo[] = [];
    const applied: string[] = [];
    const sender = new FailingOnceSender(producer);
    const consumer = new BatchConsumer(kafka, {
      groupId,
      topics: [topic],
      deadLetter: sender,
      restartBackoff: { initialMs: 100, maxMs: 500, jitter: 0 },
      onCrash: (info) => crashes.push(info),
      handleBatch: async (batch) => {
        applied.push(...batch.messages.map((m) => m.value.id));
      },
    });
    await consumer.start();
    try {
      await eventually(
        () => describeLag(kafka, groupId, [topic]),
        (lag) => lag[0]?.offset === 3,
        20_000,
        'commit of all 3',
      );
      expect(crashes).toEqual([
        {
          error: expect.objectContaining({ message: 'DLQ write refused' }),
          groupId,
          restartedByKafkajs: false,
          recreating: true,
        },
      ]);
      expect(consumer.metrics()).toMatchObject({ crashes: 1, restarts: 1, deadLettered: 1 });
      // Nothing was committed by the crashed batch, so the new consumer handled it again (at least once).
      expect(applied).toEqual(['e0', 'e2', 'e0', 'e2']);
      const [dead] = await readTopic(kafka, dlqTopic(topic), 1);
      expect(dead.value?.toString()).toBe('{broken');
    } finally {
      await consumer.stop();
    }
  });
});
