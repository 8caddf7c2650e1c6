import {
  deadLetterHeaders,
  deadLetterMessage,
  describeError,
  dlqTopic,
  isDlqTopic,
  readDeadLetterHeaders,
  type DeadLetterInfo,
} from './dead-letter';
import { headersToRecord } from './cloud-event';

const info: DeadLetterInfo = {
  reason: 'Error: unknown cost line',
  topic: 'socialtjanst.payments.v1',
  partition: 3,
  offset: '1234',
  attempts: 5,
  failedAt: new Date('2024-05-02T10:11:12.000Z'),
};

describe('dlqTopic', () => {
  it('appends .dlq', () => {
    expect(dlqTopic('socialtjanst.cases.v1')).toBe('socialtjanst.cases.v1.dlq');
    expect(isDlqTopic('socialtjanst.cases.v1.dlq')).toBe(true);
    expect(isDlqTopic('socialtjanst.cases.v1')).toBe(false);
  });
});

describe('deadLetterHeaders', () => {
  it('encodes reason, origin, attempts and time as strings', () => {
    expect(deadLetterHeaders(info)).toEqual({
      'x-dlq-reason': 'Error: unknown cost line',
      'x-dlq-original-topic': 'socialtjanst.payments.v1',
      'x-dlq-original-partition': '3',
      'x-dlq-original-offset': '1234',
      'x-dlq-attempts': '5',
      'x-dlq-failed-at': '2024-05-02T10:11:12.000Z',
    });
  });

  it('reads back what it wrote', () => {
    expect(readDeadLetterHeaders(deadLetterHeaders(info))).toEqual(info);
    expect(readDeadLetterHeaders({ 'content-type': 'x' })).toBeUndefined();
  });
});

describe('deadLetterMessage', () => {
  it('keeps the original key, value and headers byte for byte and adds the x-dlq headers', () => {
    const value = Buffer.from([0xff, 0x00, 0x7b]);
    const message = deadLetterMessage(
      {
        key: Buffer.from('hh-1'),
        value,
        headers: { 'content-type': 'application/cloudevents+json', trace: Buffer.from('t') },
      },
      info,
    );
    expect(message.key).toEqual(Buffer.from('hh-1'));
    expect(message.value).toBe(value);
    expect(headersToRecord(message.headers)).toEqual({
      'content-type': 'application/cloudevents+json',
      trace: 't',
      ...deadLetterHeaders(info),
    });
  });

  it('replaces stale x-dlq headers of a message that was dead-lettered before', () => {
    const message = deadLetterMessage({ key: null, value: null, headers: { 'x-dlq-attempts': '1' } }, info);
    expect(headersToRecord(message.headers)['x-dlq-attempts']).toBe('5');
  });
});

describe('describeError', () => {
  it('is one line of name and message, without stack or cause', () => {
    const error = new TypeError('bad\n  amount', { cause: new Error('secret cause') });
    expect(describeError(error)).toBe('TypeError: bad amount');
    expect(describeError('plain')).toBe('plain');
    expect(describeError({ any: 'object' })).toBe('non-Error thrown (object)');
  });

  it('is bounded in length', () => {
    expect(describeError(new Error('x'.repeat(5000))).length).toBeLessThanOrEqual(1001);
  });
});
