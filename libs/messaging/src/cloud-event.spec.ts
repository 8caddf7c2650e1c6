import {
  CLOUDEVENTS_CONTENT_TYPE,
  decodeCloudEvent,
  headersToRecord,
  toStructuredMessage,
  type RawMessage,
} from './cloud-event';

const event = {
  specversion: '1.0',
  id: 'e-1',
  source: 'urn:system:lifecare',
  type: 'se.socialtjanst.case.opened.v1',
  subject: 'case-42',
  time: '2024-03-01T08:00:00Z',
  datacontenttype: 'application/json',
  data: { caseId: 'case-42' },
};

function raw(
  value: string | null,
  headers: Record<string, string> = { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
): RawMessage {
  return {
    topic: 't',
    partition: 0,
    offset: '7',
    timestamp: '0',
    key: Buffer.from('case-42'),
    value: value === null ? null : Buffer.from(value),
    headers,
  };
}

describe('toStructuredMessage', () => {
  it('keys by subject, carries the whole event as JSON and the structured-mode content type', () => {
    const message = toStructuredMessage(event);
    expect(message.key).toBe('case-42');
    expect(JSON.parse(String(message.value))).toEqual(event);
    expect(message.headers).toEqual({ 'content-type': 'application/cloudevents+json; charset=UTF-8' });
  });
});

describe('decodeCloudEvent', () => {
  it('accepts what toStructuredMessage produces', () => {
    const message = toStructuredMessage(event);
    expect(decodeCloudEvent(raw(String(message.value)))).toEqual({ ok: true, value: event });
  });

  it('accepts a message without content-type header', () => {
    expect(decodeCloudEvent(raw(JSON.stringify(event), {})).ok).toBe(true);
  });

  it.each([
    ['no value', null, /empty value/],
    ['non-JSON', 'personnummer 19121212-1212 {', /not valid JSON/],
    ['a JSON array', '[1,2]', /not a JSON object/],
    ['no subject', JSON.stringify({ ...event, subject: undefined }), /"subject"/],
    ['an empty id', JSON.stringify({ ...event, id: '' }), /"id"/],
    ['another specversion', JSON.stringify({ ...event, specversion: '0.3' }), /specversion/],
  ])('rejects %s with a reason that does not quote the payload', (_name, value, reason) => {
    const result = decodeCloudEvent(raw(value));
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(reason) });
    expect(JSON.stringify(result)).not.toMatch(/19121212|personnummer/);
  });

  it('rejects binary-mode or other content types', () => {
    const result = decodeCloudEvent(raw(JSON.stringify(event), { 'content-type': 'application/json' }));
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/structured mode/) });
  });
});

describe('headersToRecord', () => {
  it('turns buffers into strings and keeps the last of repeated headers', () => {
    expect(headersToRecord({ a: Buffer.from('x'), b: ['1', Buffer.from('2')], c: undefined })).toEqual({
      a: 'x',
      b: '2',
    });
    expect(headersToRecord(undefined)).toEqual({});
  });
});
