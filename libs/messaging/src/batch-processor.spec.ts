import type { EachBatchPayload, KafkaMessage, Message } from 'kafkajs';
import { TransientError, defaultFailureKind } from './backoff';
import { BatchProcessor, type BatchProcessorConfig, type MessageBatch } from './batch-processor';
import { decodeCloudEvent, headersToRecord, toStructuredMessage, type CloudEvent } from './cloud-event';
import type { MessageSender } from './producer';

// The processor against a hand-made eachBatch payload: exact attempt counts and offset
// bookkeeping, which the broker tests (test/*.int-spec.ts) can only observe from outside.

const silent = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

function kafkaMessage(offset: number, message: Message): KafkaMessage {
  return {
    offset: String(offset),
    key: message.key ? Buffer.from(String(message.key)) : null,
    value: message.value === null ? null : Buffer.from(String(message.value)),
    headers: message.headers ?? {},
    timestamp: '0',
    attributes: 0,
  };
}

const event = (subject: string, id: string): Message =>
  toStructuredMessage({ specversion: '1.0', id, source: 'urn:test', type: 't.v1', subject });

function fakePayload(messages: KafkaMessage[], opts: { running?: () => boolean } = {}) {
  const resolved: string[] = [];
  const commits: unknown[] = [];
  let committedUpTo = -1;
  const payload = {
    batch: { topic: 'topic', partition: 2, messages },
    resolveOffset: (offset: string) => resolved.push(offset),
    heartbeat: async () => undefined,
    isRunning: opts.running ?? (() => true),
    isStale: () => false,
    uncommittedOffsets: () => {
      const last = resolved.length ? Number(resolved[resolved.length - 1]) : -1;
      return last > committedUpTo
        ? { topics: [{ topic: 'topic', partitions: [{ partition: 2, offset: String(last + 1) }] }] }
        : { topics: [] };
    },
    commitOffsetsIfNecessary: async (offsets: { topics: { partitions: { offset: string }[] }[] }) => {
      commits.push(offsets);
      committedUpTo = Number(offsets.topics[0].partitions[0].offset) - 1;
    },
  } as unknown as EachBatchPayload;
  return { payload, resolved, commits };
}

class RecordingSender implements MessageSender {
  readonly sent: { topic: string; headers: Record<string, string>; offset: string }[] = [];
  failWith?: Error;
  async send(topic: string, messages: readonly Message[]) {
    if (this.failWith) throw this.failWith;
    for (const m of messages) {
      const headers = headersToRecord(m.headers);
      this.sent.push({ topic, headers, offset: headers['x-dlq-original-offset'] });
    }
    return [];
  }
}

function processor(
  handleBatch: BatchProcessorConfig<CloudEvent>['handleBatch'],
  abort = new AbortController(),
) {
  const deadLetter = new RecordingSender();
  const counts = { batches: 0, handled: 0, deadLettered: 0, retries: 0 };
  const p = new BatchProcessor<CloudEvent>({
    groupId: 'g',
    handleBatch,
    decode: decodeCloudEvent,
    maxAttempts: 3,
    backoff: { initialMs: 1, maxMs: 2, factor: 2, jitter: 0 },
    failureKind: defaultFailureKind,
    deadLetter,
    log: silent,
    clock: () => new Date('2024-01-01T00:00:00Z'),
    signal: abort.signal,
    counts,
  });
  return { p, deadLetter, counts };
}

const ids = (batch: MessageBatch<CloudEvent>) => batch.messages.map((m) => m.value.id);

describe('BatchProcessor', () => {
  it('handles the decodable messages as one batch, dead-letters the rest, then resolves and commits once', async () => {
    const calls: string[][] = [];
    const { p, deadLetter, counts } = processor(async (b) => void calls.push(ids(b)));
    const { payload, resolved, commits } = fakePayload([
      kafkaMessage(10, event('a', 'e10')),
      kafkaMessage(11, { key: 'b', value: 'garbage' }),
      kafkaMessage(12, event('a', 'e12')),
    ]);
    await p.process(payload);
    expect(calls).toEqual([['e10', 'e12']]);
    expect(deadLetter.sent).toEqual([
      expect.objectContaining({
        topic: 'topic.dlq',
        offset: '11',
        headers: expect.objectContaining({ 'x-dlq-attempts': '0' }),
      }),
    ]);
    expect(resolved).toEqual(['12']);
    expect(commits).toHaveLength(1);
    expect(counts).toEqual({ batches: 1, handled: 2, deadLettered: 1, retries: 0 });
  });

  it('retries a failing batch maxAttempts times, then isolates the poison message one at a time', async () => {
    const calls: string[][] = [];
    const { p, deadLetter, counts } = processor(async (b) => {
      calls.push(ids(b));
      if (ids(b).includes('e2')) throw new Error('cannot apply');
    });
    const { payload, resolved } = fakePayload([1, 2, 3].map((o) => kafkaMessage(o, event(`s${o}`, `e${o}`))));
    await p.process(payload);
    expect(calls).toEqual([
      ['e1', 'e2', 'e3'],
      ['e1', 'e2', 'e3'],
      ['e1', 'e2', 'e3'],
      ['e1'],
      ['e2'],
      ['e2'],
      ['e2'],
      ['e3'],
    ]);
    expect(
      deadLetter.sent.map((d) => [d.offset, d.headers['x-dlq-attempts'], d.headers['x-dlq-reason']]),
    ).toEqual([['2', '3', 'Error: cannot apply']]);
    expect(resolved).toEqual(['1', '2', '3']);
    expect(counts).toEqual({ batches: 1, handled: 2, deadLettered: 1, retries: 4 });
  });

  it('does not try a lone failing message a second round', async () => {
    let calls = 0;
    const { p, deadLetter } = processor(async () => {
      calls += 1;
      throw new Error('no');
    });
    await p.process(fakePayload([kafkaMessage(5, event('a', 'e5'))]).payload);
    expect(calls).toBe(3);
    expect(deadLetter.sent).toHaveLength(1);
  });

  it('retries transient failures beyond maxAttempts and never dead-letters them', async () => {
    let calls = 0;
    const { p, deadLetter, counts } = processor(async () => {
      calls += 1;
      if (calls < 7) throw new TransientError('database unavailable');
    });
    const { payload, resolved } = fakePayload([kafkaMessage(0, event('a', 'e0'))]);
    await p.process(payload);
    expect(calls).toBe(7);
    expect(deadLetter.sent).toEqual([]);
    expect(resolved).toEqual(['0']);
    expect(counts.retries).toBe(6);
  });

  it('stops retrying when the consumer stops, leaving the batch unresolved for redelivery', async () => {
    const abort = new AbortController();
    const { p, deadLetter } = processor(async () => {
      abort.abort();
      throw new TransientError('database unavailable');
    }, abort);
    const { payload, resolved, commits } = fakePayload([kafkaMessage(0, event('a', 'e0'))]);
    await p.process(payload);
    expect(resolved).toEqual([]);
    expect(commits).toEqual([]);
    expect(deadLetter.sent).toEqual([]);
  });

  it('commits the messages finished before an interruption in one-at-a-time mode', async () => {
    let running = true;
    let wholeTries = 0;
    // The whole batch fails permanently (so: one at a time); e1 passes, then e2 waits on a
    // database that is down until the consumer stops.
    const { p } = processor(async (b) => {
      if (b.messages.length > 1) {
        wholeTries += 1;
        throw new Error('batch fails');
      }
      if (ids(b)[0] === 'e2') {
        running = false;
        throw new TransientError('database unavailable');
      }
    });
    const { payload, resolved, commits } = fakePayload(
      [1, 2, 3].map((o) => kafkaMessage(o, event(`s${o}`, `e${o}`))),
      { running: () => running },
    );
    await p.process(payload);
    expect(wholeTries).toBe(3);
    expect(resolved).toEqual(['1']);
    expect(commits).toEqual([{ topics: [{ topic: 'topic', partitions: [{ partition: 2, offset: '2' }] }] }]);
  });

  it('does not resolve an offset whose DLQ copy was not acknowledged', async () => {
    const { p, deadLetter } = processor(async () => undefined);
    deadLetter.failWith = new Error('broker down');
    const { payload, resolved, commits } = fakePayload([kafkaMessage(0, { key: 'k', value: '{' })]);
    await expect(p.process(payload)).rejects.toThrow('broker down');
    expect(resolved).toEqual([]);
    expect(commits).toEqual([]);
  });
});
