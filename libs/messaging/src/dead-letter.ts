import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

/** The one place the DLQ naming rule lives (SPEC §3: `<topic>.dlq`). */
export const DLQ_SUFFIX = '.dlq';

export function dlqTopic(topic: string): string {
  return `${topic}${DLQ_SUFFIX}`;
}

export function isDlqTopic(topic: string): boolean {
  return topic.endsWith(DLQ_SUFFIX);
}

export const DLQ_HEADERS = {
  reason: 'x-dlq-reason',
  originalTopic: 'x-dlq-original-topic',
  originalPartition: 'x-dlq-original-partition',
  originalOffset: 'x-dlq-original-offset',
  /** Handler attempts made; 0 = rejected by the decoder, never handed to a handler. */
  attempts: 'x-dlq-attempts',
  failedAt: 'x-dlq-failed-at',
} as const;

export interface DeadLetterInfo {
  readonly reason: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly attempts: number;
  readonly failedAt: Date;
}

const MAX_REASON = 1000;

/**
 * An error as a one-line reason: name and message only. Stack traces and causes stay out, and
 * handlers must not put payload data into error messages (this text is stored in the DLQ).
 */
export function describeError(error: unknown): string {
  const text =
    error instanceof Error
      ? `${error.name}: ${error.message}`
      : typeof error === 'string'
        ? error
        : `non-Error thrown (${typeof error})`;
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_REASON ? `${oneLine.slice(0, MAX_REASON)}…` : oneLine;
}

export function deadLetterHeaders(info: DeadLetterInfo): Record<string, string> {
  return {
    [DLQ_HEADERS.reason]: describeError(info.reason),
    [DLQ_HEADERS.originalTopic]: info.topic,
    [DLQ_HEADERS.originalPartition]: String(info.partition),
    [DLQ_HEADERS.originalOffset]: info.offset,
    [DLQ_HEADERS.attempts]: String(info.attempts),
    [DLQ_HEADERS.failedAt]: info.failedAt.toISOString(),
  };
}

/** The DLQ copy: the original key, value and headers, byte for byte, plus the x-dlq-* headers. */
export function deadLetterMessage(
  original: Pick<KafkaMessage, 'key' | 'value' | 'headers'>,
  info: DeadLetterInfo,
): Message {
  const headers: IHeaders = { ...(original.headers ?? {}), ...deadLetterHeaders(info) };
  return { key: original.key, value: original.value, headers };
}

/** Reads the x-dlq-* headers back (for DLQ inspection and replay tools); undefined if absent. */
export function readDeadLetterHeaders(headers: Readonly<Record<string, string>>): DeadLetterInfo | undefined {
  const get = (name: string) => headers[name];
  const reason = get(DLQ_HEADERS.reason);
  const topic = get(DLQ_HEADERS.originalTopic);
  const partition = Number(get(DLQ_HEADERS.originalPartition));
  const offset = get(DLQ_HEADERS.originalOffset);
  const attempts = Number(get(DLQ_HEADERS.attempts));
  const failedAt = new Date(get(DLQ_HEADERS.failedAt) ?? '');
  if (reason === undefined || topic === undefined || offset === undefined) return undefined;
  if (!Number.isInteger(partition) || !Number.isInteger(attempts) || Number.isNaN(failedAt.getTime()))
    return undefined;
  return { reason, topic, partition, offset, attempts, failedAt };
}
