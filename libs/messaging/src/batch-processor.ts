import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { nextRetry, type BackoffPolicy, type FailureKind } from './backoff';
import { headersToRecord, type DecodeResult, type RawMessage } from './cloud-event';
import { deadLetterMessage, describeError, dlqTopic } from './dead-letter';
import type { LogFields, MessagingLogger } from './log';
import type { MessageSender } from './producer';

export interface DecodedMessage<T> extends Omit<RawMessage, 'key' | 'value'> {
  readonly key: string | null;
  readonly value: T;
}

export interface MessageBatch<T> {
  readonly topic: string;
  readonly partition: number;
  /** In offset order; all from one partition, so one aggregate's events arrive in order. */
  readonly messages: readonly DecodedMessage<T>[];
}

export interface BatchContext {
  /** Call during long work so the group does not consider this member dead. */
  heartbeat(): Promise<void>;
  /** Aborted when the consumer stops; long handlers may give up early (the batch is redelivered). */
  readonly signal: AbortSignal;
  /** 1 on the first try of this batch (or single message), 2 on the first retry, … */
  readonly attempt: number;
}

export interface ProcessingCounters {
  batches: number;
  handled: number;
  deadLettered: number;
  retries: number;
}

export interface BatchProcessorConfig<T> {
  readonly groupId: string;
  readonly handleBatch: (batch: MessageBatch<T>, ctx: BatchContext) => Promise<void>;
  readonly decode: (message: RawMessage) => DecodeResult<T>;
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
  readonly failureKind: (error: unknown) => FailureKind;
  readonly deadLetter: MessageSender;
  readonly log: MessagingLogger;
  readonly clock: () => Date;
  /** Aborted by BatchConsumer.stop(). */
  readonly signal: AbortSignal;
  /** Incremented in place; the consumer reads them for metrics. */
  readonly counts: ProcessingCounters;
}

type Entry<T> =
  | { readonly ok: true; readonly message: KafkaMessage; readonly decoded: DecodedMessage<T> }
  | { readonly ok: false; readonly message: KafkaMessage; readonly reason: string };

type Outcome =
  { readonly ok: true } | { readonly ok: false; readonly error: unknown; readonly attempts: number };

/** Thrown inside a batch when the consumer stops or the partition is revoked: leave, commit what is done. */
class Interrupted extends Error {}

/**
 * What happens to one fetched batch (kafkajs `eachBatch`, auto-resolve and auto-commit off):
 * decode, handle with retries, fall back to one message at a time, dead-letter, then resolve and
 * commit — offsets only ever move past a message that was handled or is safely in the DLQ.
 */
export class BatchProcessor<T> {
  constructor(private readonly config: BatchProcessorConfig<T>) {}

  async process(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0) return;
    this.config.counts.batches += 1;
    const entries = batch.messages.map((message) => this.decodeEntry(batch.topic, batch.partition, message));
    const decoded = entries.flatMap((e) => (e.ok ? [e.decoded] : []));
    try {
      const whole = decoded.length > 0 ? await this.attempt(payload, decoded) : ({ ok: true } as const);
      if (whole.ok) {
        await this.sendToDlq(
          payload,
          entries.flatMap((e) => (e.ok ? [] : [{ ...e, attempts: 0 }])),
        );
        this.config.counts.handled += decoded.length;
        payload.resolveOffset(batch.messages[batch.messages.length - 1].offset);
      } else {
        // Some message in the batch fails; find it by handling one at a time, in order.
        for (const entry of entries) {
          if (!entry.ok) {
            await this.sendToDlq(payload, [{ ...entry, attempts: 0 }]);
          } else {
            const single = decoded.length === 1 ? whole : await this.attempt(payload, [entry.decoded]);
            if (single.ok) this.config.counts.handled += 1;
            else
              await this.sendToDlq(payload, [
                { ...entry, reason: describeError(single.error), attempts: single.attempts },
              ]);
          }
          payload.resolveOffset(entry.message.offset);
        }
      }
    } catch (error) {
      if (!(error instanceof Interrupted)) throw error;
      if (payload.isStale()) return;
      await this.commit(payload).catch((commitError: unknown) =>
        this.config.log.warn('Commit on interruption failed; the batch will be redelivered', {
          ...this.where(payload),
          error: describeError(commitError),
        }),
      );
      return;
    }
    await this.commit(payload);
  }

  private decodeEntry(topic: string, partition: number, message: KafkaMessage): Entry<T> {
    const raw: RawMessage = {
      topic,
      partition,
      offset: message.offset,
      timestamp: message.timestamp,
      key: message.key,
      value: message.value,
      headers: headersToRecord(message.headers),
    };
    let result: DecodeResult<T>;
    try {
      result = this.config.decode(raw);
    } catch (error) {
      result = { ok: false, reason: `decoder threw ${describeError(error)}` };
    }
    if (!result.ok) return { ok: false, message, reason: `undecodable: ${result.reason}` };
    const { key: _key, value: _value, ...rest } = raw;
    return {
      ok: true,
      message,
      decoded: { ...rest, key: message.key?.toString('utf8') ?? null, value: result.value },
    };
  }

  /** Runs the handler until it succeeds, fails permanently maxAttempts times, or is interrupted. */
  private async attempt(payload: EachBatchPayload, messages: readonly DecodedMessage<T>[]): Promise<Outcome> {
    const batch: MessageBatch<T> = {
      topic: payload.batch.topic,
      partition: payload.batch.partition,
      messages,
    };
    let attempts = 0;
    let permanentFailures = 0;
    for (;;) {
      this.checkRunning(payload);
      attempts += 1;
      try {
        await this.config.handleBatch(batch, {
          heartbeat: payload.heartbeat,
          signal: this.config.signal,
          attempt: attempts,
        });
        return { ok: true };
      } catch (error) {
        if (this.config.signal.aborted) throw new Interrupted();
        const kind = this.config.failureKind(error);
        if (kind === 'permanent') permanentFailures += 1;
        const next = nextRetry(
          this.config.backoff,
          this.config.maxAttempts,
          kind,
          permanentFailures,
          attempts,
        );
        if (!next.retry) return { ok: false, error, attempts };
        this.config.counts.retries += 1;
        this.config.log.warn('Handler failed; retrying', {
          ...this.where(payload),
          fromOffset: messages[0].offset,
          count: messages.length,
          attempt: attempts,
          kind,
          error: describeError(error),
          delayMs: next.delayMs,
        });
        await this.pause(payload, next.delayMs);
      }
    }
  }

  private async sendToDlq(
    payload: EachBatchPayload,
    failures: readonly {
      readonly message: KafkaMessage;
      readonly reason: string;
      readonly attempts: number;
    }[],
  ): Promise<void> {
    if (failures.length === 0) return;
    const { topic, partition } = payload.batch;
    const failedAt = this.config.clock();
    const messages = failures.map(({ message, reason, attempts }) =>
      deadLetterMessage(message, { reason, topic, partition, offset: message.offset, attempts, failedAt }),
    );
    // Acknowledged before the offset is resolved: a message is never both uncommitted-lost and not in the DLQ.
    await this.config.deadLetter.send(dlqTopic(topic), messages);
    this.config.counts.deadLettered += failures.length;
    for (const { message, reason, attempts } of failures) {
      this.config.log.warn('Message dead-lettered', {
        ...this.where(payload),
        offset: message.offset,
        attempts,
        reason,
      });
    }
  }

  private async commit(payload: EachBatchPayload): Promise<void> {
    const offsets = payload.uncommittedOffsets();
    if (offsets.topics.length > 0) await payload.commitOffsetsIfNecessary(offsets);
  }

  /** Waits between tries in short steps, heartbeating, so a long backoff never costs the assignment. */
  private async pause(payload: EachBatchPayload, ms: number): Promise<void> {
    for (let remaining = ms; remaining > 0; remaining -= 1_000) {
      await sleep(Math.min(remaining, 1_000), this.config.signal);
      this.checkRunning(payload);
      await payload.heartbeat();
    }
  }

  private checkRunning(payload: EachBatchPayload): void {
    if (this.config.signal.aborted || !payload.isRunning() || payload.isStale()) throw new Interrupted();
  }

  private where(payload: EachBatchPayload): LogFields {
    return { groupId: this.config.groupId, topic: payload.batch.topic, partition: payload.batch.partition };
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
