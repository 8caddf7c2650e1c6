import type { Admin, ITopicConfig, ITopicMetadata, Kafka } from 'kafkajs';
import { dlqTopic, isDlqTopic } from './dead-letter';

export interface TopicSpec {
  readonly topic: string;
  readonly numPartitions: number;
  /** Broker default (`default.replication.factor`) when omitted. */
  readonly replicationFactor?: number;
  readonly configEntries?: readonly { readonly name: string; readonly value: string }[];
}

export interface EnsureTopicsResult {
  /** Missing when looked at, present now (created by this call, or by a replica racing it). */
  readonly created: readonly string[];
  readonly existing: readonly string[];
  /** Existing topics whose partition count differs from the spec; left alone (re-partitioning would break key order). */
  readonly mismatched: readonly {
    readonly topic: string;
    readonly expected: number;
    readonly actual: number;
  }[];
}

export interface EnsureTopicsOptions {
  /** Also ensure `<topic>.dlq` with the same partitions (default true). */
  readonly deadLetterTwins?: boolean;
  readonly timeoutMs?: number;
}

/**
 * Creates the missing topics (and their DLQ twins) and waits until every partition has a leader.
 * Idempotent and safe when several service replicas start at once: the broker has topic
 * auto-creation disabled, so this is the only place topics come from.
 */
export async function ensureTopics(
  kafka: Kafka,
  specs: readonly TopicSpec[],
  options: EnsureTopicsOptions = {},
): Promise<EnsureTopicsResult> {
  const twins = options.deadLetterTwins ?? true;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const requested = withDeadLetterTwins(specs, twins);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const present = new Set(await admin.listTopics());
    const actual = await partitionCounts(
      admin,
      specs.map((s) => s.topic).filter((t) => present.has(t)),
    );
    // A DLQ twin copies the partitions its topic really has, so a message keeps its partition number.
    const wanted = withDeadLetterTwins(
      specs.map((s) => ({ ...s, numPartitions: actual.get(s.topic) ?? s.numPartitions })),
      twins,
    );
    const missing = wanted.filter((s) => !present.has(s.topic));
    if (missing.length > 0) {
      // Resolves false when another replica created them first; that is not an error.
      await admin.createTopics({
        topics: missing.map(toTopicConfig),
        waitForLeaders: true,
        timeout: timeoutMs,
      });
    }
    const metadata = await waitForLeaders(
      admin,
      wanted.map((s) => s.topic),
      timeoutMs,
    );
    const mismatched = requested.flatMap((spec) => {
      const count = metadata.get(spec.topic)?.partitions.length ?? 0;
      return count === spec.numPartitions
        ? []
        : [{ topic: spec.topic, expected: spec.numPartitions, actual: count }];
    });
    return {
      created: missing.map((s) => s.topic),
      existing: wanted.filter((s) => present.has(s.topic)).map((s) => s.topic),
      mismatched,
    };
  } finally {
    await admin.disconnect();
  }
}

export function withDeadLetterTwins(specs: readonly TopicSpec[], twins: boolean): TopicSpec[] {
  const byName = new Map<string, TopicSpec>();
  for (const spec of specs) {
    if (!Number.isInteger(spec.numPartitions) || spec.numPartitions < 1) {
      throw new Error(`Topic ${spec.topic}: numPartitions must be a positive integer`);
    }
    byName.set(spec.topic, spec);
    if (twins && !isDlqTopic(spec.topic)) {
      const dlq = dlqTopic(spec.topic);
      if (!byName.has(dlq)) byName.set(dlq, { ...spec, topic: dlq });
    }
  }
  return [...byName.values()];
}

async function partitionCounts(admin: Admin, topics: readonly string[]): Promise<Map<string, number>> {
  if (topics.length === 0) return new Map();
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
  return new Map(metadata.map((t) => [t.name, t.partitions.length]));
}

function toTopicConfig(spec: TopicSpec): ITopicConfig {
  return {
    topic: spec.topic,
    numPartitions: spec.numPartitions,
    replicationFactor: spec.replicationFactor ?? -1,
    configEntries: spec.configEntries?.map((e) => ({ ...e })),
  };
}

// createTopics' waitForLeaders only covers topics this call created; one created by a concurrent
// replica a moment ago may still be electing leaders.
async function waitForLeaders(
  admin: Admin,
  topics: string[],
  timeoutMs: number,
): Promise<Map<string, ITopicMetadata>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const ready = metadata.every(
        (t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0),
      );
      if (ready) return new Map(metadata.map((t) => [t.name, t]));
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`Topics without partition leaders after ${timeoutMs} ms: ${topics.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
