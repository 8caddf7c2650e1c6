import {
  BatchConsumer,
  CloudEventProducer,
  DLQ_HEADERS,
  describeLag,
  dlqTopic,
  ensureTopics,
  readDeadLetterHeaders,
} from '../src';
import { cloudEvent, eventually, readTopic, testKafka, uniqueId } from './support';

describe('BatchConsumer dead-lettering', () => {
  const kafka = testKafka('messaging-dlq');
  const producer = new CloudEventProducer(kafka);
  afterAll(() => producer.disconnect());

  it('sends an undecodable and an always-failing message to <topic>.dlq and goes on with the rest', async () => {
    const topic = uniqueId('messaging.dlq');
    const groupId = uniqueId('dlq-group');
    await ensureTopics(kafka, [{ topic, numPartitions: 1 }]);

    // offsets 0..5: ok, undecodable, ok, poison, ok, ok
    await producer.publish(topic, [cloudEvent('agg-1', 'e0')]);
    await producer.send(topic, [
      { key: 'agg-2', value: 'this is not JSON', headers: { 'x-trace': 'trace-1' } },
    ]);
    await producer.publish(topic, [
      cloudEvent('agg-1', 'e2'),
      cloudEvent('poison', 'e3'),
      cloudEvent('agg-3', 'e4'),
    ]);
    await producer.publish(topic, [cloudEvent('agg-1', 'e5')]);

    const applied: string[] = [];
    const poisonTries: number[] = [];
    const maxAttempts = 3;
    const consumer = new BatchConsumer(kafka, {
      groupId,
      topics: [topic],
      maxAttempts,
      backoff: { initialMs: 10, maxMs: 40 },
      handleBatch: async (batch) => {
        // All or nothing per batch, as a handler applying one database transaction would be.
        const poison = batch.messages.find((m) => m.value.subject === 'poison');
        if (poison) {
          poisonTries.push(batch.messages.length);
          throw new Error(`no cost line for event type ${poison.value.type}`);
        }
        applied.push(...batch.messages.map((m) => m.value.id));
      },
    });
    await consumer.start();
    try {
      await eventually(
        () => describeLag(kafka, groupId, [topic]),
        (lag) => lag[0]?.offset === 6,
        20_000,
        'commit of all 6',
      );
      expect(applied).toEqual(['e0', 'e2', 'e4', 'e5']);
      // Every batch containing the poison was tried maxAttempts times, the poison alone last.
      expect(poisonTries.length % maxAttempts).toBe(0);
      expect(poisonTries.slice(-maxAttempts)).toEqual([1, 1, 1]);

      const dead = await readTopic(kafka, dlqTopic(topic), 2);
      expect(dead.map((m) => m.headers[DLQ_HEADERS.originalOffset])).toEqual(['1', '3']);

      const [undecodable, poison] = dead;
      expect(undecodable.key).toBe('agg-2');
      expect(undecodable.value?.toString()).toBe('this is not JSON');
      expect(undecodable.headers['x-trace']).toBe('trace-1');
      expect(readDeadLetterHeaders(undecodable.headers)).toEqual({
        reason: 'undecodable: value is not valid JSON',
        topic,
        partition: 0,
        offset: '1',
        attempts: 0,
        failedAt: expect.any(Date),
      });

      expect(poison.key).toBe('poison');
      expect(JSON.parse(poison.value?.toString() ?? '')).toEqual(cloudEvent('poison', 'e3'));
      expect(poison.headers['content-type']).toBe('application/cloudevents+json; charset=UTF-8');
      const info = readDeadLetterHeaders(poison.headers);
      expect(info).toEqual({
        reason: 'Error: no cost line for event type se.socialtjanst.test.happened.v1',
        topic,
        partition: 0,
        offset: '3',
        attempts: maxAttempts,
        failedAt: expect.any(Date),
      });
      expect(Math.abs((info?.failedAt.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);

      expect(consumer.metrics()).toMatchObject({ handled: 4, deadLettered: 2, crashes: 0 });
      expect(consumer.metrics().retries).toBeGreaterThanOrEqual(maxAttempts - 1);
    } finally {
      await consumer.stop();
    }
  });
});
