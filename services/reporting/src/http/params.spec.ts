import { dateIn, oneOf, timestampOf, yearOf } from './params';

describe('query parameters', () => {
  it('reads a year, a date in it, an RFC 3339 timestamp and an enum, naming the field of each problem', () => {
    expect(yearOf('2023')).toBe(2023);
    expect(yearOf(['2023', '2024'])).toEqual({ field: 'year', message: 'must be a year such as 2023' });
    expect(yearOf('1899')).toMatchObject({ field: 'year' });
    expect(dateIn('2023-02-28', 2023, 'asOf')).toBe('2023-02-28');
    expect(dateIn('2023-02-29', 2023, 'asOf')).toEqual({
      field: 'asOf',
      message: 'must be a date YYYY-MM-DD',
    });
    expect(dateIn('2022-12-31', 2023, 'asOf')).toEqual({ field: 'asOf', message: 'must be a date in 2023' });
    expect(dateIn(undefined, 2023, 'asOf')).toMatchObject({ message: 'is required: a date YYYY-MM-DD' });
    expect(timestampOf(undefined, 'knownAt')).toBeNull();
    expect(timestampOf('2023-09-01T00:00:00+02:00', 'knownAt')).toBe('2023-09-01T00:00:00+02:00');
    expect(timestampOf('2023-09-01', 'knownAt')).toMatchObject({ field: 'knownAt' });
    expect(oneOf('line', ['line', 'frame'], 'groupBy')).toBe('line');
    expect(oneOf(undefined, ['line'], 'groupBy')).toBeUndefined();
    expect(oneOf('Line', ['line'], 'groupBy')).toEqual({ field: 'groupBy', message: 'must be one of line' });
  });
});
