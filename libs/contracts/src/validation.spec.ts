import fc from 'fast-check';
import { ALL_EVENT_TYPES, EVENT_FIELD, EVENT_TYPES, formatPath, validateEvents } from '.';
import { NOT_AN_ATTRIBUTE } from './envelope';
import { isWellFormedText } from './primitives';
import { errorsOf, example, problemsOf } from '../test/examples';

const LEDGER = EVENT_TYPES.ledgerPosted;
const ledger = (attributes: Record<string, unknown> = {}, data: Record<string, unknown> = {}) =>
  example(LEDGER, data, attributes);

describe('validateEvents: every type', () => {
  it.each(ALL_EVENT_TYPES)('accepts a valid %s and returns it parsed', (type) => {
    const input = example(type);
    const result = validateEvents(input);
    expect(result).toEqual({ ok: true, events: [input] });
  });
});

describe('validateEvents: the envelope', () => {
  it.each(['specversion', 'id', 'source', 'type', 'time', 'subject', 'data'])('requires %s', (attribute) => {
    const event: Record<string, unknown> = ledger();
    delete event[attribute];
    expect(problemsOf(event)).toContainEqual({ field: attribute, message: 'is required' });
  });

  it('defaults datacontenttype to application/json and refuses any other', () => {
    const result = validateEvents(ledger({ datacontenttype: undefined }));
    expect(result.ok && result.events[0].datacontenttype).toBe('application/json');
    expect(problemsOf(ledger({ datacontenttype: 'text/csv' }))).toEqual([
      { field: 'datacontenttype', message: 'must be "application/json"' },
    ]);
  });

  it('takes only CloudEvents 1.0', () => {
    expect(problemsOf(ledger({ specversion: '0.3' }))).toEqual([
      { field: 'specversion', message: 'must be "1.0"' },
    ]);
    expect(problemsOf(ledger({ specversion: 1 }))).toEqual([
      { field: 'specversion', message: 'must be "1.0"' },
    ]);
  });

  it.each([['2021-01-01T16:00:00'], ['2021-01-01'], ['2021-02-30T16:00:00Z'], ['yesterday'], [1609516800]])(
    'refuses time %j',
    (time) => {
      expect(problemsOf(ledger({ time })).map((p) => p.field)).toEqual(['time']);
    },
  );

  it('takes time with an offset and fractions', () => {
    expect(problemsOf(ledger({ time: '2021-01-02T07:00:00.123+01:00' }))).toEqual([]);
  });

  it.each(['urn:system:raindance', '/raindance', 'https://example.se/raindance?x=1#y', 'a%20b'])(
    'takes source %j',
    (source) => {
      expect(problemsOf(ledger({ source }))).toEqual([]);
    },
  );

  it.each(['', 'urn:system raindance', 'urn:system:ö', 'a%2', 'x'.repeat(1025)])(
    'refuses source %j',
    (source) => {
      expect(problemsOf(ledger({ source })).map((p) => p.field)).toEqual(['source']);
    },
  );

  it('caps id and subject at 256 characters and reports a too long id as null', () => {
    expect(problemsOf(ledger({ id: 'x'.repeat(256) }))).toEqual([]);
    const errors = errorsOf(ledger({ id: 'x'.repeat(257) }));
    expect(errors).toEqual([{ index: 0, id: null, field: 'id', message: 'must be at most 256 characters' }]);
    expect(problemsOf(ledger({ id: '' }))).toEqual([{ field: 'id', message: 'must not be empty' }]);
    expect(problemsOf(ledger({ id: 'a\nb' }))).toEqual([
      { field: 'id', message: 'must not contain control characters' },
    ]);
  });

  it.each([
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', '\udfff'],
    ['a reversed pair', '\ude00\ud83d'],
    ['a high surrogate at the end', 'abc\ud83d'],
  ])('refuses %s in ids, codes and texts, naming the field', (_what, trick) => {
    const bad = `x${trick}`;
    const cases: [Record<string, unknown>, Record<string, unknown>, string][] = [
      [{ id: bad }, {}, 'id'],
      [{ subject: bad }, { postingId: bad }, 'data.postingId'],
      [{}, { account: bad }, 'data.account'],
      [{}, { responsibility: bad }, 'data.responsibility'],
      [{}, { activity: bad }, 'data.activity'],
      [{}, { text: bad }, 'data.text'],
    ];
    for (const [attributes, data, field] of cases) {
      const errors = errorsOf(ledger(attributes, data));
      expect(errors.map((e) => e.field)).toContain(field);
      expect(errors.find((e) => e.field === field)?.message).toBe(
        'must be well-formed Unicode (it holds a lone UTF-16 surrogate)',
      );
      // The id is echoed in every error; an ill-formed one is not.
      expect(errors.every((e) => e.id === null || isWellFormedText(e.id))).toBe(true);
    }
  });

  it('refuses a personnummer in ids and codes, naming the field and not echoing it (texts are masked by ingestion)', () => {
    const cases: [Record<string, unknown>, Record<string, unknown>, string][] = [
      [{ id: '19811218-9876' }, {}, 'id'],
      [{ subject: 'P8112189876' }, { postingId: 'P8112189876' }, 'data.postingId'],
      [{}, { activity: '198112189876' }, 'data.activity'],
    ];
    for (const [attributes, data, field] of cases) {
      const errors = errorsOf(ledger(attributes, data));
      expect(errors.find((e) => e.field === field)?.message).toBe(
        'must not contain a personnummer (send the pseudonymous id, never the person’s number)',
      );
      expect(JSON.stringify(errors)).not.toMatch(/9876/);
    }
    // a wrong check digit is no personnummer
    expect(problemsOf(ledger({}, { activity: '811218-9875' }))).toEqual([]);
    expect(problemsOf(ledger({}, { text: 'Återkrav 811218-9876' }))).toEqual([]);
  });

  it('takes well-formed Unicode: pairs, combining marks, look-alikes and invisible characters', () => {
    for (const value of ['x\ud83d\ude00', 'e\u0301', 'Е', '\u200b', '\u202e', '\ufeff', '𝟙']) {
      expect(problemsOf(ledger({}, { account: value, text: value }))).toEqual([]);
    }
  });

  it('says what type it expected when given another', () => {
    expect(problemsOf(ledger({ id: 42 }))).toEqual([
      { field: 'id', message: 'must be a string, not number' },
    ]);
    expect(problemsOf(ledger({}, { amount: 12.5 }))).toEqual([
      { field: 'data.amount', message: 'must be a string, not number' },
    ]);
    expect(problemsOf({ ...ledger(), data: [] })).toEqual([
      { field: 'data', message: 'must be an object, not array' },
    ]);
    expect(problemsOf({ ...ledger(), data: null })).toEqual([
      { field: 'data', message: 'must be an object, not null' },
    ]);
  });

  it('refuses CloudEvents extension attributes, each by name (README: why)', () => {
    const input = ledger({
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      retries: 2,
      replay: true,
    });
    expect(problemsOf(input)).toEqual(
      ['traceparent', 'retries', 'replay'].map((field) => ({ field, message: NOT_AN_ATTRIBUTE })),
    );
  });

  it.each([
    ['personnummer', '19121212-1212'],
    ['fornamn', 'Anna'],
    ['efternamn', 'Andersson'],
    ['namn', 'Anna Andersson'],
    ['caseid', 'K-4711-hemligt'],
  ])('refuses personal data smuggled in as an attribute %s, without repeating it', (name, value) => {
    const errors = errorsOf(ledger({ [name]: value }));
    expect(errors).toEqual([{ index: 0, id: expect.any(String), field: name, message: NOT_AN_ATTRIBUTE }]);
    expect(JSON.stringify(errors)).not.toContain(value);
  });

  it.each([
    ['Traceparent', 'not lowercase'],
    ['trace_parent', 'not alphanumeric'],
    ['abcdefghijklmnopqrstu', 'longer than 20'],
    ['constructor', 'reserved'],
    ['__proto__', 'prototype key'],
  ])('refuses an attribute named %s (%s) with one error', (name) => {
    const raw = JSON.parse(JSON.stringify(ledger()).replace(/^\{/, `{${JSON.stringify(name)}:"x",`));
    expect(Object.keys(raw)).toContain(name);
    const [problem, ...rest] = errorsOf(raw);
    expect(rest).toEqual([]);
    expect(problem.field).toBe(formatPath([name]));
    expect(problem.message).toBe(NOT_AN_ATTRIBUTE);
  });

  it('names at most ten unknown attributes, then counts the rest', () => {
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`ext${i}`, 'x']));
    const problems = problemsOf(ledger(many));
    expect(problems).toHaveLength(11);
    expect(problems[9]).toEqual({ field: 'ext9', message: NOT_AN_ATTRIBUTE });
    expect(problems[10]).toEqual({
      field: EVENT_FIELD,
      message: 'has 11 more attributes that are not accepted',
    });
  });

  it('keeps dataschema, the one optional CloudEvents attribute it takes', () => {
    const input = ledger({ dataschema: 'urn:schema:ledger.posted.v1' });
    expect(validateEvents(input)).toEqual({ ok: true, events: [input] });
  });

  it('lists unknown data fields, at most ten of them', () => {
    expect(problemsOf(ledger({}, { amout: '1.00' }))).toEqual([
      { field: 'data.amout', message: 'is not a known field' },
    ]);
    const extra = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`f${i}`, i]));
    const problems = problemsOf(ledger({}, extra));
    expect(problems).toHaveLength(11);
    expect(problems[10]).toEqual({ field: 'data', message: 'has 5 more unknown fields' });
  });
});

describe('validateEvents: types', () => {
  it('names the known types when the type is unknown, and still checks the envelope', () => {
    const problems = problemsOf(ledger({ type: 'se.socialtjanst.case.reopened.v1', time: 'now' }));
    expect(problems.map((p) => p.field)).toEqual(['type', 'time']);
    expect(problems[0].message).toMatch(
      /^is not a known event type; the known types are se\.socialtjanst\.case\.opened\.v1, /,
    );
    expect(problems[0].message).not.toContain('reopened');
  });

  it('refuses a type of the wrong kind', () => {
    expect(problemsOf(ledger({ type: ['x'] }))).toEqual([
      { field: 'type', message: 'must be a string, not array' },
    ]);
    expect(problemsOf(ledger({ type: '' }))).toEqual([{ field: 'type', message: 'must not be empty' }]);
  });

  it('sends a type outside allowedTypes to the service that takes it', () => {
    const intakeTypes = ALL_EVENT_TYPES.filter((t) => t.includes('.case.') || t.includes('.placement.'));
    const paymentTypes = ALL_EVENT_TYPES.filter((t) => !intakeTypes.includes(t) && !t.includes('forecast'));
    expect(problemsOf(example(EVENT_TYPES.paymentDisbursed), { allowedTypes: intakeTypes })).toEqual([
      {
        field: 'type',
        message:
          'se.socialtjanst.payment.disbursed.v1 is taken by the payments service (POST :3002/v1/events)',
      },
    ]);
    expect(problemsOf(example(EVENT_TYPES.placementEnded), { allowedTypes: paymentTypes })).toEqual([
      {
        field: 'type',
        message: 'se.socialtjanst.placement.ended.v1 is taken by the intake service (POST :3001/v1/events)',
      },
    ]);
    expect(problemsOf(example(EVENT_TYPES.forecastPublished), { allowedTypes: paymentTypes })).toEqual([
      {
        field: 'type',
        message:
          'se.socialtjanst.forecast.published.v1 is published by the forecast service; it is not taken here',
      },
    ]);
    expect(problemsOf(example(EVENT_TYPES.ledgerPosted), { allowedTypes: paymentTypes })).toEqual([]);
  });
});

describe('validateEvents: batches', () => {
  it('takes one object or an array, and an empty array', () => {
    expect(validateEvents(ledger())).toMatchObject({ ok: true, events: [ledger()] });
    expect(validateEvents([ledger(), example(EVENT_TYPES.caseClosed)])).toMatchObject({ ok: true });
    expect(validateEvents([])).toEqual({ ok: true, events: [] });
  });

  it.each([null, undefined, 42, 'event', true])('refuses %j as an event', (input) => {
    expect(errorsOf(input)).toEqual([
      {
        index: 0,
        id: null,
        field: EVENT_FIELD,
        message: expect.stringMatching(/^must be a CloudEvent JSON object, not /),
      },
    ]);
  });

  it('refuses nested arrays', () => {
    expect(errorsOf([[ledger()]])).toEqual([
      { index: 0, id: null, field: EVENT_FIELD, message: 'must be a CloudEvent JSON object, not an array' },
    ]);
  });

  it('reports every error of every event, with its index and id', () => {
    const batch = [
      ledger({ id: 'a' }, { amount: '1.234' }),
      ledger({ id: 'b' }),
      null,
      ledger({ id: 'd', time: 'now' }, { bookedOn: '2021-02-30', account: 6411 }),
    ];
    expect(errorsOf(batch).map(({ index, id, field }) => [index, id, field])).toEqual([
      [0, 'a', 'data.amount'],
      [2, null, EVENT_FIELD],
      [3, 'd', 'time'],
      [3, 'd', 'data.bookedOn'],
      [3, 'd', 'data.account'],
    ]);
  });

  it('lets the same (source, id) with the same content through, key order aside', () => {
    const first = ledger();
    const reordered = Object.fromEntries(Object.entries(first).reverse());
    const result = validateEvents([first, reordered]);
    expect(result.ok && result.events).toHaveLength(2);
  });

  it('refuses the same (source, id) with other content', () => {
    const errors = errorsOf([ledger(), example(EVENT_TYPES.caseClosed), ledger({}, { amount: '1.00' })]);
    expect(errors).toEqual([
      {
        index: 2,
        id: 'ledger-L00000018',
        field: 'id',
        message: 'repeats the source and id of event 0 with other content',
      },
    ]);
  });

  it('treats the same id from another source as another event', () => {
    expect(validateEvents([ledger(), ledger({ source: 'urn:system:other' }, { amount: '1.00' })]).ok).toBe(
      true,
    );
  });
});

describe('validateEvents: hostile input', () => {
  afterEach(() => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it.each([
    ['top level', '{"__proto__":{"polluted":true},'],
    ['data', null],
  ])('does not let __proto__ (%s) through or pollute prototypes', (_where, prefix) => {
    const text = JSON.stringify(ledger());
    const json =
      prefix === null
        ? text.replace('"data":{', '"data":{"__proto__":{"polluted":true},')
        : text.replace(/^\{/, prefix);
    const result = validateEvents(JSON.parse(json));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual([
      prefix === null ? 'data.__proto__' : '__proto__',
    ]);
  });

  it('refuses constructor and prototype keys inside data and components', () => {
    const disbursed = JSON.stringify(example(EVENT_TYPES.paymentDisbursed)).replace(
      '{"category":"BOENDE"',
      '{"constructor":{"prototype":{"polluted":true}},"category":"BOENDE"',
    );
    expect(problemsOf(JSON.parse(disbursed))).toEqual([
      { field: 'data.components[1].constructor', message: 'is not a known field' },
    ]);
  });

  it('answers huge strings briefly and without repeating them', () => {
    const huge = `urn:${'x'.repeat(5_000_000)}`;
    const errors = errorsOf(
      ledger({ id: huge, source: huge, subject: huge, type: huge }, { text: huge, amount: huge }),
    );
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error.id).toBeNull();
      expect(error.message.length).toBeLessThan(1000);
    }
  });

  it('does not echo keys that look like personal data', () => {
    const problems = problemsOf(ledger({}, { '19760125-4571': 'x' }));
    expect(problems).toEqual([{ field: 'data[?]', message: 'is not a known field' }]);
  });

  it('survives deep nesting in any field', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const event = ledger();
    event.trace = deep;
    event.data = { ...(event.data as object), account: deep, text: { a: deep } };
    expect(
      problemsOf(event)
        .map((p) => p.field)
        .sort(),
    ).toEqual(['data.account', 'data.text', 'trace']);
  });

  it('never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = validateEvents(value);
        if (!result.ok) {
          for (const error of result.errors) {
            expect(typeof error.field).toBe('string');
            expect(typeof error.message).toBe('string');
          }
        }
      }),
    );
  });

  it('never throws when any field of a valid event is replaced by any JSON', () => {
    const event = example(EVENT_TYPES.paymentDisbursed);
    const fields = [...Object.keys(event), ...Object.keys(event.data as object).map((k) => `data.${k}`)];
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.jsonValue(), (field, value) => {
        const copy = JSON.parse(JSON.stringify(event));
        const [head, tail] = field.split('.');
        if (tail === undefined) copy[head] = value;
        else copy.data[tail] = value;
        const result = validateEvents(copy);
        if (!result.ok) expect(result.errors.every((e) => e.index === 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('formatPath', () => {
  it.each<[(string | number)[], string]>([
    [[], EVENT_FIELD],
    [['specversion'], 'specversion'],
    [['data', 'components', 1, 'amount'], 'data.components[1].amount'],
    [['data', 'a b'], 'data["a b"]'],
    [['data', 'x'.repeat(65)], 'data[?]'],
    [['data', 'pnr197601254571'], 'data[?]'],
  ])('%j is %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});
