import { CLOUDEVENTS_CONTENT_TYPE } from '@ramprognos/contracts';
import type { Message } from 'kafkajs';

/** An outbox row as the relay claims it: the stored event is the message value, unchanged. */
export interface ClaimedRow {
  readonly seq: string;
  readonly topic: string;
  readonly key: string;
  readonly value: string;
}

/** One produce request: consecutive rows of one topic, in seq order. */
export interface PublishChunk {
  readonly topic: string;
  readonly messages: readonly Message[];
}

/**
 * Claimed rows (in seq order) → produce requests. A key belongs to one topic, so grouping by
 * topic keeps every key's rows in seq order; each chunk is one request, so a failed chunk can be
 * sent again as it was and the idempotent producer recognises what the broker already has.
 */
export function publishPlan(rows: readonly ClaimedRow[], chunkSize: number): PublishChunk[] {
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new Error('chunkSize must be a positive integer');
  const byTopic = new Map<string, Message[]>();
  for (const row of rows) {
    const messages = byTopic.get(row.topic) ?? [];
    messages.push({ key: row.key, value: row.value, headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE } });
    byTopic.set(row.topic, messages);
  }
  const chunks: PublishChunk[] = [];
  for (const [topic, messages] of byTopic) {
    for (let start = 0; start < messages.length; start += chunkSize) {
      chunks.push({ topic, messages: messages.slice(start, start + chunkSize) });
    }
  }
  return chunks;
}
