import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { EVENT_TYPES, pseudonymiseCaseOpened, validateEvents, type CaseOpenedInbound } from '.';

const EXAMPLES = join(__dirname, '../../../test-fixtures/examples');

interface InvalidBatch {
  readonly why: string;
  readonly events: readonly Record<string, unknown>[];
}

/** What each batch of invalid.json must be rejected for: the one bad event and its field. */
const EXPECTED: Readonly<
  Record<string, { readonly index: number; readonly field: string; readonly message: RegExp }>
> = {
  'three decimals': { index: 1, field: 'data.amount', message: /more than two decimals/ },
  'exponent amount': { index: 1, field: 'data.amount', message: /exponent/ },
  'components do not sum': { index: 1, field: 'data.components', message: /must sum to amount/ },
  'unknown placement type': { index: 1, field: 'data.placementType', message: /^must be one of FAMILJEHEM/ },
  'impossible date': { index: 1, field: 'data.startDate', message: /not a real calendar date/ },
  'bad check digit': { index: 1, field: 'data.personnummer', message: /^fails the check digit$/ },
  'missing field': { index: 1, field: 'data.caseId', message: /^is required$/ },
  'wrong specversion': { index: 1, field: 'specversion', message: /^must be "1\.0"$/ },
};

describe('test-fixtures/examples/invalid.json', () => {
  const batches = JSON.parse(readFileSync(join(EXAMPLES, 'invalid.json'), 'utf8')) as InvalidBatch[];

  it('has an expectation for every batch', () => {
    expect(batches.map((batch) => batch.why).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(batches.map((batch) => [batch.why, batch] as const))(
    'rejects the batch "%s" for the right reason',
    (why, batch) => {
      const expected = EXPECTED[why];
      const result = validateEvents(batch.events);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors).toEqual([
        {
          index: expected.index,
          id: batch.events[expected.index].id,
          field: expected.field,
          message: expect.stringMatching(expected.message),
        },
      ]);
      const personnummer = (batch.events[expected.index].data as Record<string, unknown>).personnummer;
      if (typeof personnummer === 'string') {
        expect(JSON.stringify(result.errors)).not.toContain(personnummer);
        expect(JSON.stringify(result.errors)).not.toContain(personnummer.replace('-', '').slice(2));
      }
    },
  );
});

describe('test-fixtures/examples/events.jsonl.gz', () => {
  const events = gunzipSync(readFileSync(join(EXAMPLES, 'events.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('holds thousands of events', () => {
    expect(events.length).toBeGreaterThan(1000);
  });

  it('validates, every event, as one batch', () => {
    const result = validateEvents(events);
    expect(result.ok ? [] : result.errors.slice(0, 5)).toEqual([]);
    expect(result.ok && result.events).toHaveLength(events.length);
  });

  it('validates in the published form once intake has pseudonymised it', () => {
    const inbound = validateEvents(events);
    if (!inbound.ok) throw new Error('the examples must be valid');
    const published = inbound.events.map((event) =>
      event.type === EVENT_TYPES.caseOpened
        ? pseudonymiseCaseOpened(event as CaseOpenedInbound, 'fixture-key')
        : event,
    );
    const text = JSON.stringify(published);
    expect(text).not.toContain('personnummer');
    const result = validateEvents(JSON.parse(text), { form: 'published' });
    expect(result.ok ? [] : result.errors.slice(0, 5)).toEqual([]);
  });
});
