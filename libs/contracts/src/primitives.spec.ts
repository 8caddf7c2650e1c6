import fc from 'fast-check';
import { isCalendarDate, isRfc3339Timestamp, isWellFormedText, isYearMonth } from './primitives';

describe('isCalendarDate', () => {
  it.each(['2023-01-01', '2023-02-28', '2024-02-29', '2000-02-29', '2023-12-31', '0001-01-01'])(
    '%s is a date',
    (v) => {
      expect(isCalendarDate(v)).toBe(true);
    },
  );
  it.each([
    '2023-02-29',
    '1900-02-29',
    '2023-02-30',
    '2023-04-31',
    '2023-13-01',
    '2023-00-10',
    '2023-01-00',
    '0000-01-01',
    '2023-1-01',
    '23-01-01',
    '2023-01-01T00:00:00Z',
    ' 2023-01-01',
    '2023/01/01',
    '',
  ])('%s is not', (v) => {
    expect(isCalendarDate(v)).toBe(false);
  });
  it('is false for non-strings', () => {
    expect(isCalendarDate(20230101)).toBe(false);
    expect(isCalendarDate(null)).toBe(false);
  });
});

describe('isYearMonth', () => {
  it.each(['2021-01', '2021-12'])('%s is a month', (v) => expect(isYearMonth(v)).toBe(true));
  it.each(['2021-00', '2021-13', '2021-1', '2021-01-01', '202101', ''])('%s is not', (v) =>
    expect(isYearMonth(v)).toBe(false),
  );
});

describe('isRfc3339Timestamp', () => {
  it.each([
    '2021-01-01T16:00:00Z',
    '2021-01-01t16:00:00z',
    '2021-01-01T16:00:00.1Z',
    '2021-01-01T16:00:00.123456789Z',
    '2021-01-01T16:00:00+01:00',
    '2021-01-01T16:00:00-05:30',
    '2024-02-29T23:59:59+14:00',
  ])('%s is a timestamp', (v) => {
    expect(isRfc3339Timestamp(v)).toBe(true);
  });
  it.each([
    '2021-01-01T16:00:00', // no time zone
    '2021-01-01 16:00:00Z',
    '2021-01-01',
    '2021-02-30T16:00:00Z',
    '2021-01-01T24:00:00Z',
    '2021-01-01T16:60:00Z',
    '2021-01-01T23:59:60Z',
    '2021-01-01T16:00:00+0100',
    '2021-01-01T16:00:00+24:00',
    '2021-01-01T16:00:00.Z',
    '2021-01-01T16:00:00.1234567890Z',
    '2021-01-01T16:00Z',
    '1609516800',
    `2021-01-01T16:00:00${'0'.repeat(100)}Z`,
  ])('%s is not', (v) => {
    expect(isRfc3339Timestamp(v)).toBe(false);
  });
});

// Code units around and inside the surrogate range, so that pairs form by chance as well as halves.
const codeUnit = fc.oneof(
  fc.integer({ min: 0xd7f0, max: 0xe00f }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('a', 'å', '\ud83d\ude00'),
);

describe('isWellFormedText', () => {
  it.each(['', 'abc', 'åäö', '\ud83d\ude00', 'a\ud83d\ude00b', 'e\u0301', '\u0000', '\ufffd'])(
    '%j is well-formed',
    (v) => expect(isWellFormedText(v)).toBe(true),
  );
  it.each(['\ud800', '\udfff', 'a\ud800b', '\ude00\ud83d', '\ud83d\ud83d', 'x\udbff'])('%j is not', (v) =>
    expect(isWellFormedText(v)).toBe(false),
  );
  it('agrees with String.prototype.isWellFormed on any UTF-16 string', () => {
    fc.assert(
      fc.property(fc.string({ unit: codeUnit, maxLength: 12 }), (v) => {
        expect(isWellFormedText(v)).toBe((v as string & { isWellFormed(): boolean }).isWellFormed());
      }),
      { numRuns: 2000 },
    );
  });
});
