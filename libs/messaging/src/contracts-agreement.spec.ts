import {
  ALL_TOPICS,
  CLOUDEVENTS_CONTENT_TYPE as CONTRACTS_CONTENT_TYPE,
  dlqTopic as contractsDlqTopic,
  fromKafkaMessage,
  toKafkaMessage,
  type PublishedEvent,
} from '@ramprognos/contracts';
import {
  CLOUDEVENTS_CONTENT_TYPE,
  decodeCloudEvent,
  headersToRecord,
  toStructuredMessage,
  type DecodeResult,
  type RawMessage,
} from './cloud-event';
import { dlqTopic } from './dead-letter';

// messaging stays generic (no dependency on the event schemas at runtime); these checks keep its
// envelope and DLQ naming in step with @ramprognos/contracts.
const event = {
  specversion: '1.0',
  id: 'case-opened-1',
  source: 'urn:system:lifecare',
  type: 'se.socialtjanst.case.opened.v1',
  time: '2024-01-10T10:00:00Z',
  subject: 'EKB000001',
  datacontenttype: 'application/json',
  data: {
    caseId: 'EKB000001',
    householdId: 'HH000001',
    caseType: 'EKONOMISKT_BISTAND',
    openedOn: '2024-01-10',
  },
} as const;

function asRaw(message: ReturnType<typeof toStructuredMessage>): RawMessage {
  return {
    topic: 't',
    partition: 0,
    offset: '0',
    timestamp: '0',
    key: message.key === null || message.key === undefined ? null : Buffer.from(message.key),
    value: message.value === null ? null : Buffer.from(message.value),
    headers: headersToRecord(message.headers),
  };
}

/** How a service plugs the contract's validation into BatchConsumer's `decode`. */
function decodePublished(message: RawMessage): DecodeResult<PublishedEvent> {
  const result = fromKafkaMessage(message);
  return result.ok
    ? { ok: true, value: result.event }
    : { ok: false, reason: result.errors.map((e) => `${e.field} ${e.message}`).join('; ') };
}

describe('agreement with @ramprognos/contracts', () => {
  it('names DLQ topics the same way', () => {
    for (const topic of ALL_TOPICS) expect(dlqTopic(topic)).toBe(contractsDlqTopic(topic));
  });

  it('writes the same structured-mode message as toKafkaMessage', () => {
    expect(CLOUDEVENTS_CONTENT_TYPE).toBe(CONTRACTS_CONTENT_TYPE);
    expect(toStructuredMessage(event)).toEqual(toKafkaMessage(event as unknown as PublishedEvent));
  });

  it('reads back through both decoders; the contract decoder fits BatchConsumer.decode', () => {
    const raw = asRaw(toStructuredMessage(event));
    expect(decodeCloudEvent(raw)).toEqual({ ok: true, value: event });
    expect(decodePublished(raw)).toMatchObject({ ok: true, value: { id: event.id, subject: event.subject } });
    const wrongKey = { ...raw, key: Buffer.from('another-aggregate') };
    expect(decodePublished(wrongKey)).toEqual({ ok: false, reason: expect.stringMatching(/key/) });
  });
});
