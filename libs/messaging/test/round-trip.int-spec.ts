import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BatchConsumer, CLOUDEVENTS_CONTENT_TYPE, ensureTopics, describeLag, type CloudEvent } from '../src';
import { eventually, testKafka, uniqueId } from './support';

function runChild(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'publish-events.cjs'), ...args], {
      env: { ...process.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('CloudEventProducer → BatchConsumer across processes', () => {
  const kafka = testKafka('messaging-round-trip');
  const count = 300;
  const subjects = 12;

  it('delivers every event once, keyed by subject, in per-key order', async () => {
    const topic = uniqueId('messaging.round-trip');
    const groupId = uniqueId('round-trip-group');
    await ensureTopics(kafka, [{ topic, numPartitions: 6 }]);

    const received: {
      key: string | null;
      partition: number;
      contentType?: string;
      event: CloudEvent<{ seq: number; pid: number }>;
    }[] = [];
    const consumer = new BatchConsumer(kafka, {
      groupId,
      topics: [topic],
      handleBatch: async (batch) => {
        for (const m of batch.messages) {
          received.push({
            key: m.key,
            partition: m.partition,
            contentType: m.headers['content-type'],
            event: m.value as CloudEvent<{ seq: number; pid: number }>,
          });
        }
      },
    });
    await consumer.start();
    try {
      // The producer runs while the consumer is live: it is another process, with its own client.
      const child = await runChild([topic, String(count), String(subjects), '40']);
      // stderr carries the child's kafkajs error lines (retried ones too); shown only if it failed.
      expect({ code: child.code, stderr: child.code === 0 ? '' : child.stderr }).toEqual({
        code: 0,
        stderr: '',
      });
      const { pid, acknowledged } = JSON.parse(child.stdout) as { pid: number; acknowledged: number };
      expect(acknowledged).toBe(count);

      await eventually(
        () => received.length,
        (n) => n >= count,
        30_000,
        `${count} events`,
      );

      expect(received).toHaveLength(count);
      expect(new Set(received.map((r) => r.event.id)).size).toBe(count);
      expect(received.every((r) => r.event.data?.pid === pid && pid !== process.pid)).toBe(true);
      expect(received.every((r) => r.key === r.event.subject)).toBe(true);
      expect(received.every((r) => r.contentType === CLOUDEVENTS_CONTENT_TYPE)).toBe(true);

      const bySubject = new Map<string, { partitions: Set<number>; seqs: number[] }>();
      for (const r of received) {
        const entry = bySubject.get(r.event.subject) ?? { partitions: new Set<number>(), seqs: [] };
        entry.partitions.add(r.partition);
        entry.seqs.push(r.event.data?.seq ?? -1);
        bySubject.set(r.event.subject, entry);
      }
      expect(bySubject.size).toBe(subjects);
      for (const [, { partitions, seqs }] of bySubject) {
        expect(partitions.size).toBe(1);
        expect(seqs).toEqual(seqs.map((_, i) => i));
      }
      // Keys spread over the partitions, not all into one.
      expect(new Set(received.map((r) => r.partition)).size).toBeGreaterThan(1);

      const lag = await eventually(
        () => describeLag(kafka, groupId, [topic]),
        (parts) => parts.every((p) => p.lag === 0),
        10_000,
        'commits',
      );
      expect(lag.reduce((sum, p) => sum + p.endOffset, 0)).toBe(count);
      expect(consumer.metrics()).toMatchObject({ handled: count, deadLettered: 0, retries: 0, crashes: 0 });
    } finally {
      await consumer.stop();
    }
  });
});
