import {
  CLOUDEVENTS_CONTENT_TYPE,
  EVENT_TYPES,
  MAX_VALUE_BYTES,
  fromKafkaMessage,
  toKafkaMessage,
  validateEvents,
  type EventType,
  type ValidEvent,
} from '.';
import { example } from '../test/examples';

function valid(
  type: EventType = EVENT_TYPES.paymentDisbursed,
  form: 'inbound' | 'published' = 'published',
): ValidEvent {
  const result = validateEvents(
    example(type, type === EVENT_TYPES.caseOpened ? { personnummer: undefined } : {}),
    { form },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.events[0];
}

const HEADERS = { 'content-type': Buffer.from(CLOUDEVENTS_CONTENT_TYPE) };

describe('toKafkaMessage', () => {
  it('uses structured mode: the subject as key, the whole event as value', () => {
    const event = valid();
    const message = toKafkaMessage(event);
    expect(message.key).toBe('HH000009');
    expect(JSON.parse(message.value)).toEqual(event);
    expect(message.headers).toEqual({ 'content-type': 'application/cloudevents+json; charset=UTF-8' });
  });

  it('round-trips through fromKafkaMessage, as kafkajs hands back Buffers', () => {
    for (const type of Object.values(EVENT_TYPES)) {
      const event = valid(type);
      const message = toKafkaMessage(event);
      const read = fromKafkaMessage({
        key: Buffer.from(message.key),
        value: Buffer.from(message.value),
        headers: { 'content-type': Buffer.from(message.headers['content-type']) },
      });
      expect(read).toEqual({ ok: true, event });
    }
  });
});

describe('fromKafkaMessage', () => {
  const event = valid();
  const value = JSON.stringify(event);

  it('takes a message without headers or key as structured mode', () => {
    expect(fromKafkaMessage({ value })).toEqual({ ok: true, event });
    expect(fromKafkaMessage({ key: null, value, headers: {} })).toEqual({ ok: true, event });
  });

  it('accepts content-type in any case and with parameters', () => {
    for (const contentType of [
      'application/cloudevents+json',
      'Application/CloudEvents+JSON; charset="utf-8"',
    ]) {
      expect(fromKafkaMessage({ value, headers: { 'Content-Type': contentType } }).ok).toBe(true);
    }
  });

  it.each([
    [{ 'content-type': 'application/json' }, /structured content mode/],
    [{ 'content-type': 'application/cloudevents-batch+json' }, /batch content mode is not supported/],
    [{ 'content-type': 'application/cloudevents+json; charset=latin1' }, /UTF-8/],
    [
      { ce_specversion: '1.0', ce_type: EVENT_TYPES.paymentDisbursed },
      /binary content mode is not supported/,
    ],
  ])('refuses headers %j', (headers, message) => {
    const result = fromKafkaMessage({ value, headers });
    expect(result).toEqual({
      ok: false,
      errors: [
        { index: 0, id: null, field: 'headers.content-type', message: expect.stringMatching(message) },
      ],
    });
  });

  it.each<[string | Buffer | null, RegExp]>([
    [null, /tombstone/],
    ['{not json', /not valid JSON/],
    [Buffer.from([0xff, 0xfe, 0x00]), /not valid UTF-8/],
    [`[${value}]`, /batches are not supported/],
    [' '.repeat(MAX_VALUE_BYTES + 1), /larger than/],
  ])('refuses value %#', (bad, message) => {
    const result = fromKafkaMessage({ value: bad, headers: HEADERS });
    expect(result).toEqual({
      ok: false,
      errors: [{ index: 0, id: null, field: 'value', message: expect.stringMatching(message) }],
    });
  });

  it('reports what is wrong with the event itself', () => {
    const bad = { ...JSON.parse(value), time: 'now' };
    const result = fromKafkaMessage({ value: JSON.stringify(bad), headers: HEADERS });
    expect(result).toEqual({
      ok: false,
      errors: [{ index: 0, id: event.id, field: 'time', message: expect.any(String) }],
    });
  });

  it('refuses a key that is not the subject', () => {
    const result = fromKafkaMessage({ key: 'P000000186', value, headers: HEADERS });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          index: 0,
          id: event.id,
          field: 'key',
          message: "must equal the event's subject (the aggregate id)",
        },
      ],
    });
  });

  it('reads the published form by default and the inbound form when asked', () => {
    const inbound = JSON.stringify(example(EVENT_TYPES.caseOpened));
    const published = fromKafkaMessage({ value: inbound, headers: HEADERS });
    expect(published.ok ? [] : published.errors.map((e) => e.field)).toEqual(['data.personnummer']);
    expect(fromKafkaMessage({ value: inbound, headers: HEADERS }, { form: 'inbound' }).ok).toBe(true);
  });

  it('applies allowedTypes', () => {
    const result = fromKafkaMessage(
      { value, headers: HEADERS },
      { form: 'inbound', allowedTypes: [EVENT_TYPES.caseOpened] },
    );
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(['type']);
  });
});
