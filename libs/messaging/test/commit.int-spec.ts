import {
  BatchConsumer,
  CloudEventProducer,
  TransientError,
  describeLag,
  dlqTopic,
  endOffsets,
  ensureTopics,
  type CloudEvent,
} from '../src';
import { cloudEvent, eventually, testKafka, uniqueId } from './support';

type Seq = CloudEvent<{ seq: number }>;

describe('BatchConsumer commits after processing', () => {
  const kafka = testKafka('messaging-commit');
  const producer = new CloudEventProducer(kafka);
  afterAll(() => producer.disconnect());

  const events = (from: number, to: number): Seq[] =>
    Array.from(
      { length: to - from },
      (_, i) => cloudEvent(`agg-${(from + i) % 3}`, `e${from + i}`, { seq: from + i }) as Seq,
    );

  it('redelivers what a stopped consumer had not finished to the next member of the group; nothing is lost', async () => {
    const topic = uniqueId('messaging.commit');
    const groupId = uniqueId('commit-group');
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }]);
    const committed = async () => (await describeLag(kafka, groupId, [topic]))[0];

    // First member: applies one message at a time; from seq 15 on its "database" is down.
    const appliedByFirst: number[] = [];
    const first = new BatchConsumer<Seq>(kafka, {
      groupId,
      topics: [topic],
      backoff: { initialMs: 20, maxMs: 100 },
      handleBatch: async (batch) => {
        for (const m of batch.messages) {
          const seq = m.value.data?.seq ?? -1;
          if (seq >= 15) throw new TransientError('database unavailable');
          appliedByFirst.push(seq);
        }
      },
    });
    await first.start();
    await producer.publish(topic, events(0, 10));
    await eventually(committed, (p) => p?.offset === 10, 20_000, 'commit of the first 10');

    await producer.publish(topic, events(10, 20));
    await eventually(
      () => first.metrics().retries,
      (n) => n >= 3,
      20_000,
      'retries of the failing batch',
    );
    await first.stop();

    // Seq 10..14 were applied but their batch never finished: not committed, no DLQ (transient).
    expect(appliedByFirst.filter((s) => s >= 10 && s < 15).length).toBeGreaterThan(0);
    expect(await committed()).toMatchObject({ offset: 10, endOffset: 20, lag: 10 });
    expect((await endOffsets(kafka, [dlqTopic(topic)]))[0].endOffset).toBe(0);
    expect(first.metrics()).toMatchObject({ deadLettered: 0, handled: 10 });

    const appliedBySecond: number[] = [];
    const second = new BatchConsumer<Seq>(kafka, {
      groupId,
      topics: [topic],
      handleBatch: async (batch) => {
        appliedBySecond.push(...batch.messages.map((m) => m.value.data?.seq ?? -1));
      },
    });
    await second.start();
    try {
      await eventually(committed, (p) => p?.offset === 20, 20_000, 'commit of all 20');
      // Resumes exactly at the committed offset: 10..14 again (handlers must be idempotent), then the rest.
      expect(appliedBySecond).toEqual(Array.from({ length: 10 }, (_, i) => 10 + i));
      const union = new Set([...appliedByFirst, ...appliedBySecond]);
      expect([...union].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(await committed()).toMatchObject({ offset: 20, endOffset: 20, lag: 0 });
    } finally {
      await second.stop();
    }
  });
});
