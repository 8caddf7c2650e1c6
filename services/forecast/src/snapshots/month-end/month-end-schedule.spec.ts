import { dueMonthEnd } from './month-end-schedule';

describe('month-end schedule', () => {
  it('is due for the last day of the month before, from the first moment of the new month (UTC)', () => {
    expect(dueMonthEnd(new Date('2023-09-01T00:00:00.000Z'))).toEqual({ year: 2023, asOf: '2023-08-31' });
    expect(dueMonthEnd(new Date('2023-09-30T23:59:59.999Z'))).toEqual({ year: 2023, asOf: '2023-08-31' });
    expect(dueMonthEnd(new Date('2024-03-05T12:00:00Z'))).toEqual({ year: 2024, asOf: '2024-02-29' });
  });

  it('takes December in the year it belongs to', () => {
    expect(dueMonthEnd(new Date('2024-01-01T00:00:01Z'))).toEqual({ year: 2023, asOf: '2023-12-31' });
  });

  it('waits out a delay into the new month', () => {
    expect(dueMonthEnd(new Date('2023-09-01T05:59:59Z'), 6)).toBeNull();
    expect(dueMonthEnd(new Date('2023-09-01T06:00:00Z'), 6)).toEqual({ year: 2023, asOf: '2023-08-31' });
  });
});
