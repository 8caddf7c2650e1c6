import { EVENT_TYPES } from '..';
import { example, exampleWithout, problemsOf } from '../../test/examples';

const LEDGER = EVENT_TYPES.ledgerPosted;
const FORECAST = EVENT_TYPES.forecastPublished;

describe('ledger.posted', () => {
  it('takes signed amounts: cost +, revenue −', () => {
    for (const amount of ['440000.00', '-440000.00', '0', '-0.05']) {
      expect(problemsOf(example(LEDGER, { amount }))).toEqual([]);
    }
    expect(problemsOf(exampleWithout(LEDGER, 'responsibility', 'activity', 'text'))).toEqual([]);
  });

  it.each([
    [{ amount: '-440000.001' }, 'data.amount'],
    [{ amount: '−440000.00' }, 'data.amount'], // U+2212 belongs in CSV, not in events
    [{ amount: '440 000.00' }, 'data.amount'],
    [{ text: 'x'.repeat(1001) }, 'data.text'],
    [{ account: '' }, 'data.account'],
    [{ bookedOn: '2021-02-29' }, 'data.bookedOn'],
  ])('rejects %j', (patch, field) => {
    expect(problemsOf(example(LEDGER, patch)).map((p) => p.field)).toEqual([field]);
  });

  it('accepts a text of exactly 1000 characters', () => {
    expect(problemsOf(example(LEDGER, { text: 'x'.repeat(1000) }))).toEqual([]);
  });

  it('checks that the subject is the posting', () => {
    expect(problemsOf(example(LEDGER, {}, { subject: '6411' })).map((p) => p.field)).toEqual(['subject']);
  });
});

describe('forecast.published', () => {
  const key = (patch: Record<string, unknown>) => ({
    key: 'k',
    actualYtd: '100',
    forecastFullYear: '200',
    low: '150',
    high: '250',
    method: 'run-rate',
    volume: null,
    unitCost: null,
    ...patch,
  });

  it('accepts the example and an empty forecast, with any subject', () => {
    expect(problemsOf(example(FORECAST))).toEqual([]);
    expect(problemsOf(example(FORECAST, { keys: [] }, { subject: '2023' }))).toEqual([]);
  });

  it('needs low ≤ forecastFullYear ≤ high', () => {
    expect(problemsOf(example(FORECAST, { keys: [key({ low: '200', high: '200' })] }))).toEqual([]);
    expect(problemsOf(example(FORECAST, { keys: [key({ low: '201' })] }))).toEqual([
      { field: 'data.keys[0]', message: 'must have low ≤ forecastFullYear ≤ high' },
    ]);
    expect(problemsOf(example(FORECAST, { keys: [key({}), key({ key: 'b', high: '199' })] }))).toEqual([
      { field: 'data.keys[1]', message: 'must have low ≤ forecastFullYear ≤ high' },
    ]);
  });

  it('compares öre as integers, not as strings', () => {
    expect(
      problemsOf(example(FORECAST, { keys: [key({ low: '9', forecastFullYear: '10', high: '100' })] })),
    ).toEqual([]);
  });

  it('refuses a key given twice', () => {
    expect(problemsOf(example(FORECAST, { keys: [key({}), key({})] }))).toEqual([
      { field: 'data.keys[1].key', message: 'appears twice in keys' },
    ]);
  });

  it('needs asOf in the year', () => {
    expect(problemsOf(example(FORECAST, { asOf: '2024-01-01' }))).toEqual([
      { field: 'data.asOf', message: 'must be a date in year' },
    ]);
  });

  it.each([
    [{ actualYtd: '12.50' }, 'data.keys[0].actualYtd'],
    [{ actualYtd: 1250 }, 'data.keys[0].actualYtd'],
    [{ forecastFullYear: '1e3' }, 'data.keys[0].forecastFullYear'],
    [{ low: '007' }, 'data.keys[0].low'],
    [{ unitCost: '' }, 'data.keys[0].unitCost'],
    [{ volume: -1 }, 'data.keys[0].volume'],
    [{ volume: '3' }, 'data.keys[0].volume'],
    [{ method: '' }, 'data.keys[0].method'],
    [{ extra: 1 }, 'data.keys[0].extra'],
  ])('rejects a key with %j', (patch, field) => {
    expect(problemsOf(example(FORECAST, { keys: [key(patch)] })).map((p) => p.field)).toEqual([field]);
  });

  it.each([
    [{ year: 2023.5 }, 'data.year'],
    [{ year: '2023' }, 'data.year'],
    [{ knownAt: '2023-09-01' }, 'data.knownAt'],
    [{ keys: {} }, 'data.keys'],
  ])('rejects %j', (patch, field) => {
    expect(problemsOf(example(FORECAST, patch)).map((p) => p.field)).toContain(field);
  });
});
