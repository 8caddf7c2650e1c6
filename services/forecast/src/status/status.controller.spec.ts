import { KafkaJSProtocolError, type Admin, type Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { CONSUMED_TOPICS } from '../projections/consumed-topics';
import type { Generation, GenerationsRepository } from '../projections/generations/generations.repository';
import { OFFSETS_UNAVAILABLE, ProjectionStatus } from './status.controller';

// GET /v1/status while Kafka does not know the topics yet (just created, no leader): it answers
// with what PostgreSQL knows instead of failing (a 500 before). Kafka and the database are fakes
// here; the services' int and e2e tests read the status of the real thing.

// kafkajs builds these from the broker's error code; its typings take only a message or an Error.
const protocolError = (type: string, code: number, message: string) =>
  new KafkaJSProtocolError({ type, code, retriable: true, message } as unknown as Error);
const unknownTopic = () =>
  protocolError('UNKNOWN_TOPIC_OR_PARTITION', 3, 'This server does not host this topic-partition');
const noLeader = () =>
  protocolError(
    'LEADER_NOT_AVAILABLE',
    5,
    'There is no leader for this topic-partition as we are in the middle of a leadership election',
  );

interface Broker {
  /** Topic → high watermark per partition; a missing topic is an unknown topic. */
  readonly topics: Record<string, number[]>;
  readonly committed?: Record<string, number[]>;
  readonly fail?: (topic: string) => Error | null;
}

function fakeKafka(broker: Broker): Kafka {
  const admin: Partial<Admin> = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    fetchTopicOffsets: async (topic: string) => {
      const failure = broker.fail?.(topic);
      if (failure) throw failure;
      const highs = broker.topics[topic];
      if (highs === undefined) throw unknownTopic();
      return highs.map((high, partition) => ({
        partition,
        offset: String(high),
        high: String(high),
        low: '0',
      }));
    },
    fetchOffsets: (async ({ topics }: { topics: string[] }) => {
      for (const topic of topics) {
        const failure = broker.fail?.(topic);
        if (failure) throw failure;
        if (broker.topics[topic] === undefined) throw unknownTopic();
      }
      return topics.map((topic) => ({
        topic,
        partitions: broker.topics[topic].map((_, partition) => ({
          partition,
          offset: String(broker.committed?.[topic]?.[partition] ?? -1),
          metadata: null,
        })),
      }));
    }) as unknown as Admin['fetchOffsets'],
  };
  return { admin: () => admin as Admin } as unknown as Kafka;
}

const active: Generation = {
  generation: 1,
  consumerGroup: 'forecast-projections-g1',
  status: 'active',
  createdAt: '2024-01-01T00:00:00.000Z',
  activatedAt: '2024-01-01T00:00:00.000Z',
  eventsApplied: 7,
  targetOffsets: null,
};

const generations = {
  active: async () => active,
  positions: async () => new Map(),
  list: async () => [active],
} as unknown as GenerationsRepository;

const db = {
  query: async () => [{ rate_changes: 0, ends: 1, reversals: 0 }],
} as unknown as DataSource;

const status = (broker: Broker) => new ProjectionStatus(fakeKafka(broker), db, generations).read();

const allTopics = (highs: number[], dlqHighs: number[] = [0, 0]) =>
  Object.fromEntries(CONSUMED_TOPICS.flatMap((t) => [[t, highs] as const, [`${t}.dlq`, dlqHighs] as const]));

describe('ProjectionStatus.read', () => {
  it('answers with what PostgreSQL knows before the topics exist: not caught up, no topics, why', async () => {
    await expect(status({ topics: {} })).resolves.toEqual({
      caughtUp: false,
      eventsApplied: 7,
      topics: [],
      lagSeconds: null,
      held: { placementRateChanges: 0, placementEnds: 1, paymentReversals: 0 },
      deadLettered: null,
      generation: 1,
      rebuild: null,
      offsetsUnavailable: OFFSETS_UNAVAILABLE,
    });
  });

  it('answers while a just created topic has no leader yet', async () => {
    const reply = await status({
      topics: allTopics([0, 0]),
      fail: (topic) => (topic === CONSUMED_TOPICS[2] ? noLeader() : null),
    });
    expect(reply).toMatchObject({
      caughtUp: false,
      eventsApplied: 7,
      topics: [],
      offsetsUnavailable: OFFSETS_UNAVAILABLE,
    });
  });

  it('gives offsets and lag without the DLQ count when only the DLQ topics are missing', async () => {
    const topics = Object.fromEntries(CONSUMED_TOPICS.map((t) => [t, [0, 0]]));
    const reply = await status({ topics });
    expect(reply).toMatchObject({ caughtUp: true, deadLettered: null, lagSeconds: 0 });
    expect(reply.topics).toHaveLength(CONSUMED_TOPICS.length * 2);
    expect(reply).not.toHaveProperty('offsetsUnavailable');
  });

  it('is caught up only when every consumed topic shows its partitions, each applied to its end', async () => {
    const done = await status({
      topics: allTopics([3, 2], [1, 0]),
      committed: Object.fromEntries(CONSUMED_TOPICS.map((t) => [t, [3, 2]])),
    });
    expect(done).toMatchObject({ caughtUp: true, deadLettered: CONSUMED_TOPICS.length });
    expect(done.topics[0]).toEqual({
      topic: expect.any(String),
      partition: 0,
      offset: 3,
      endOffset: 3,
      lag: 0,
    });

    const behind = await status({ topics: allTopics([3, 2]) });
    expect(behind).toMatchObject({ caughtUp: false, deadLettered: 0 });
    expect(behind.topics.reduce((sum, p) => sum + p.lag, 0)).toBe(5 * CONSUMED_TOPICS.length);

    const noPartitions = await status({ topics: allTopics([]) });
    expect(noPartitions).toMatchObject({ caughtUp: false, topics: [] });
  });
});
