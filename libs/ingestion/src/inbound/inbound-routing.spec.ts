import fc from 'fast-check';
import { ALL_EVENT_TYPES, EVENT_TYPES } from '@ramprognos/contracts';
import { caseClosed, ledgerPosted } from '../../test/events';
import { ingestionSpec } from '../ingestion-spec';
import { maskedDeadLetterValue, routeInbound, typeOf, type InboundMessage } from './inbound-routing';

const intake = ingestionSpec('intake');
const payments = ingestionSpec('payments');
const message = (
  value: unknown,
  key: string | null = null,
  headers: Record<string, string> = {},
): InboundMessage => ({
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  headers,
});

/** What the two services together do with a message: who stores it, who dead-letters it. */
function outcome(m: InboundMessage) {
  const routes = [routeInbound(m, intake), routeInbound(m, payments)];
  return {
    stored: routes.filter((r) => r.kind === 'event').length,
    deadLettered: routes.filter((r) => r.kind === 'reject').length,
    skipped: routes.filter((r) => r.kind === 'skip').length,
  };
}

describe('routeInbound', () => {
  it('takes a valid event in its owner only; the other service skips it', () => {
    expect(routeInbound(message(caseClosed(1), 'case-1'), intake)).toMatchObject({
      kind: 'event',
      event: caseClosed(1),
    });
    expect(routeInbound(message(caseClosed(1), 'case-1'), payments)).toEqual({ kind: 'skip' });
    expect(routeInbound(message(ledgerPosted(1)), payments).kind).toBe('event');
    expect(routeInbound(message(ledgerPosted(1)), intake)).toEqual({ kind: 'skip' });
  });

  it('dead-letters an invalid event in the service of its type, with field reasons and no values', () => {
    const bad = { ...ledgerPosted(2), data: { ...ledgerPosted(2).data, amount: '10.005' } };
    expect(routeInbound(message(bad), intake)).toEqual({ kind: 'skip' });
    const route = routeInbound(message(bad), payments);
    expect(route).toEqual({
      kind: 'reject',
      reason: expect.stringMatching(/^invalid event: data\.amount: /),
    });
    expect(JSON.stringify(route)).not.toContain('10.005');
  });

  it("leaves unknown types, non-JSON and other services' types to intake", () => {
    for (const value of [
      'not json',
      '[]',
      '{}',
      JSON.stringify({ ...caseClosed(3), type: 'se.x.v1' }),
      JSON.stringify({ ...caseClosed(3), type: EVENT_TYPES.forecastPublished }),
    ]) {
      expect(routeInbound(message(value), payments)).toEqual({ kind: 'skip' });
      expect(routeInbound(message(value), intake).kind).toBe('reject');
    }
    expect(routeInbound(message(null), intake)).toMatchObject({
      kind: 'reject',
      reason: expect.stringContaining('tombstone'),
    });
  });

  it('answers for a binary-mode message by its ce_type header', () => {
    const binary = message(ledgerPosted(4).data, 'post-4', {
      ce_type: EVENT_TYPES.ledgerPosted,
      ce_specversion: '1.0',
    });
    expect(typeOf(binary)).toBe(EVENT_TYPES.ledgerPosted);
    expect(routeInbound(binary, intake)).toEqual({ kind: 'skip' });
    expect(routeInbound(binary, payments)).toMatchObject({
      kind: 'reject',
      reason: expect.stringContaining('binary content mode'),
    });
  });

  it('stores or dead-letters every possible message exactly once across the two services', () => {
    const typeValue = fc.oneof(
      fc.constantFrom(...ALL_EVENT_TYPES),
      fc.string(),
      fc.constant(undefined),
      fc.integer(),
    );
    const value = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record({ type: typeValue, id: fc.string(), source: fc.string(), data: fc.object() })
        .map((v) => JSON.stringify(v)),
      fc.constantFrom(JSON.stringify(caseClosed(5)), JSON.stringify(ledgerPosted(5))),
    );
    fc.assert(
      fc.property(value, fc.option(fc.string()), fc.option(typeValue), (v, key, ceType) => {
        const headers: Record<string, string> = typeof ceType === 'string' ? { ce_type: ceType } : {};
        const result = outcome(message(v, key ?? null, headers));
        return result.stored + result.deadLettered === 1 && result.skipped === 1;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('maskedDeadLetterValue', () => {
  it('masks personnummer in a DLQ copy and says so, and returns other values untouched', () => {
    const raw = Buffer.from(
      JSON.stringify({ data: { personnummer: '19121212-1212', openedOn: '2023-13-01' } }),
    );
    const { value, masked } = maskedDeadLetterValue(raw);
    expect(masked).toBe(true);
    expect(value?.toString()).toBe('{"data":{"personnummer":"[personnummer]","openedOn":"2023-13-01"}}');
    const clean = Buffer.from('{"a":"1212"}');
    expect(maskedDeadLetterValue(clean)).toEqual({ value: clean, masked: false });
  });

  it('keeps bytes that are not UTF-8', () => {
    const latin = Buffer.from([
      0x7b, 0xe5, 0x20, 0x31, 0x32, 0x31, 0x32, 0x31, 0x32, 0x2d, 0x31, 0x32, 0x31, 0x32, 0x7d,
    ]);
    const { value, masked } = maskedDeadLetterValue(latin);
    expect(masked).toBe(true);
    expect(value?.[1]).toBe(0xe5);
    expect(value?.toString('latin1')).toBe('{å [personnummer]}');
  });
});
