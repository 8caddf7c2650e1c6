import { ensureTopics } from '../src';
import { testKafka, uniqueId } from './support';

describe('ensureTopics', () => {
  const kafka = testKafka('messaging-topics');

  async function partitions(topics: string[]): Promise<Record<string, number>> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      return Object.fromEntries(metadata.map((t) => [t.name, t.partitions.length]));
    } finally {
      await admin.disconnect();
    }
  }

  it('creates topics and their .dlq twins with the same partitions, once', async () => {
    const a = uniqueId('messaging.topics-a');
    const b = uniqueId('messaging.topics-b');
    const specs = [
      { topic: a, numPartitions: 3 },
      { topic: b, numPartitions: 1 },
    ];

    // Two replicas starting at once.
    const [one, two] = await Promise.all([ensureTopics(kafka, specs), ensureTopics(kafka, specs)]);
    expect([...one.existing, ...one.created].sort()).toEqual([a, `${a}.dlq`, b, `${b}.dlq`].sort());
    expect(two.mismatched).toEqual([]);

    const again = await ensureTopics(kafka, specs);
    expect(again).toEqual({ created: [], existing: [a, `${a}.dlq`, b, `${b}.dlq`], mismatched: [] });
    expect(await partitions([a, `${a}.dlq`, b, `${b}.dlq`])).toEqual({
      [a]: 3,
      [`${a}.dlq`]: 3,
      [b]: 1,
      [`${b}.dlq`]: 1,
    });
  });

  it('leaves an existing topic with another partition count alone, reports it, and twins its real count', async () => {
    const topic = uniqueId('messaging.topics-c');
    await ensureTopics(kafka, [{ topic, numPartitions: 2 }], { deadLetterTwins: false });

    const result = await ensureTopics(kafka, [{ topic, numPartitions: 4 }]);
    expect(result.created).toEqual([`${topic}.dlq`]);
    expect(result.mismatched).toEqual([
      { topic, expected: 4, actual: 2 },
      { topic: `${topic}.dlq`, expected: 4, actual: 2 },
    ]);
    expect(await partitions([topic, `${topic}.dlq`])).toEqual({ [topic]: 2, [`${topic}.dlq`]: 2 });
  });
});
