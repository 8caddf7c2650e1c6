import { BatchConsumer, CloudEventProducer, describeLag, ensureTopics, type CloudEvent } from '../src';
import { cloudEvent, eventually, testKafka, uniqueId } from './support';

type Seq = CloudEvent<{ seq: number }>;

describe('BatchConsumer members of one group', () => {
  const kafka = testKafka('messaging-scale-out');
  const producer = new CloudEventProducer(kafka);
  afterAll(() => producer.disconnect());

  it('share the partitions; across a rebalance every event arrives and each key stays in order', async () => {
    const topic = uniqueId('messaging.scale-out');
    const groupId = uniqueId('scale-out-group');
    await ensureTopics(kafka, [{ topic, numPartitions: 6 }]);

    // One log of what any member applied, in the order it happened (one JS thread).
    const applied: { member: string; subject: string; seq: number }[] = [];
    const member = (name: string) =>
      new BatchConsumer<Seq>(kafka, {
        groupId,
        topics: [topic],
        handleBatch: async (batch) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          for (const m of batch.messages)
            applied.push({ member: name, subject: m.value.subject, seq: m.value.data?.seq ?? -1 });
        },
      });
    const a = member('a');
    const b = member('b');
    const subjects = 8;
    const perChunk = 40;
    const chunks = 8;
    const next = new Map<string, number>();
    const chunk = () =>
      Array.from({ length: perChunk }, (_, i) => {
        const subject = `agg-${i % subjects}`;
        const seq = next.get(subject) ?? 0;
        next.set(subject, seq + 1);
        return cloudEvent(subject, `${subject}-${seq}`, { seq }) as Seq;
      });

    await a.start();
    try {
      for (let i = 0; i < chunks; i += 1) {
        if (i === 3) await b.start();
        await producer.publish(topic, chunk());
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await eventually(
        () => describeLag(kafka, groupId, [topic]),
        (parts) => parts.every((p) => p.lag === 0),
        30_000,
        'all partitions committed',
      );

      const total = perChunk * chunks;
      const firstSeen = new Map<string, number[]>();
      const seen = new Set<string>();
      for (const { subject, seq } of applied) {
        if (seen.has(`${subject}/${seq}`)) continue; // a redelivery after the rebalance (at least once)
        seen.add(`${subject}/${seq}`);
        firstSeen.set(subject, [...(firstSeen.get(subject) ?? []), seq]);
      }
      expect(seen.size).toBe(total);
      for (const seqs of firstSeen.values()) expect(seqs).toEqual(seqs.map((_, i) => i));
      expect(new Set(applied.map((x) => x.member))).toEqual(new Set(['a', 'b']));
      expect(a.metrics().handled + b.metrics().handled).toBeGreaterThanOrEqual(total);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
