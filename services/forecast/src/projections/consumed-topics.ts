import { TOPICS, TOPIC_PARTITIONS } from '@ramprognos/contracts';

/** The topics whose events the projections are built from. */
export const CONSUMED_TOPICS = [TOPICS.cases, TOPICS.placements, TOPICS.payments, TOPICS.ledger] as const;

export const CONSUMED_TOPIC_SPECS = CONSUMED_TOPICS.map((topic) => ({ topic, numPartitions: TOPIC_PARTITIONS[topic] }));
