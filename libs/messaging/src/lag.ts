import type { Admin, Kafka } from 'kafkajs';

/** A Kafka client (an admin is connected for the call) or an already connected admin (reused). */
export type AdminSource = Kafka | Admin;

export interface CommittedOffset {
  readonly topic: string;
  readonly partition: number;
  /** The next offset the group will read; null when the group has committed nothing there. */
  readonly offset: number | null;
}

export interface EndOffset {
  readonly topic: string;
  readonly partition: number;
  /** Low watermark: the oldest offset still in the log. */
  readonly startOffset: number;
  /** High watermark: the offset the next message will get. */
  readonly endOffset: number;
}

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number | null;
  readonly endOffset: number;
  /** Messages not yet committed by the group; counted from the log start when nothing is committed. */
  readonly lag: number;
}

export async function committedOffsets(
  source: AdminSource,
  groupId: string,
  topics: readonly string[],
): Promise<CommittedOffset[]> {
  return withAdmin(source, async (admin) => {
    const fetched = await admin.fetchOffsets({ groupId, topics: [...topics] });
    return fetched.flatMap(({ topic, partitions }) =>
      partitions.map(({ partition, offset }) => ({
        topic,
        partition,
        offset: Number(offset) < 0 ? null : Number(offset),
      })),
    );
  });
}

export async function endOffsets(source: AdminSource, topics: readonly string[]): Promise<EndOffset[]> {
  return withAdmin(source, async (admin) => {
    const perTopic = await Promise.all(
      topics.map(async (topic) =>
        (await admin.fetchTopicOffsets(topic)).map(({ partition, low, high }) => ({
          topic,
          partition,
          startOffset: Number(low),
          endOffset: Number(high),
        })),
      ),
    );
    return perTopic.flat();
  });
}

/** Per partition: committed offset, high watermark and lag, sorted by topic and partition (for status pages). */
export async function describeLag(
  source: AdminSource,
  groupId: string,
  topics: readonly string[],
): Promise<PartitionLag[]> {
  return withAdmin(source, async (admin) => {
    const [committed, ends] = await Promise.all([
      committedOffsets(admin, groupId, topics),
      endOffsets(admin, topics),
    ]);
    const byPartition = new Map(committed.map((c) => [`${c.topic}\u0000${c.partition}`, c.offset]));
    return ends
      .map(({ topic, partition, startOffset, endOffset }) => {
        const offset = byPartition.get(`${topic}\u0000${partition}`) ?? null;
        return { topic, partition, offset, endOffset, lag: Math.max(0, endOffset - (offset ?? startOffset)) };
      })
      .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  });
}

/** Total lag of a group over the given topics. */
export function totalLag(lags: readonly PartitionLag[]): number {
  return lags.reduce((sum, l) => sum + l.lag, 0);
}

async function withAdmin<R>(source: AdminSource, use: (admin: Admin) => Promise<R>): Promise<R> {
  if (!isKafka(source)) return use(source);
  const admin = source.admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

function isKafka(source: AdminSource): source is Kafka {
  return typeof (source as Partial<Kafka>).admin === 'function';
}
