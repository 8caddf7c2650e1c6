import { monthEnd, publicationInstant, publishedMonth } from './publication';

const at = (iso: string) => Date.parse(iso);

describe('the publication calendar of volumes', () => {
  it('publishes a month at 00:00 UTC on the tenth of the next, December in January of the next year', () => {
    expect(publicationInstant(2023, 1)).toBe('2023-02-10T00:00:00.000Z');
    expect(publicationInstant(2023, 12)).toBe('2024-01-10T00:00:00.000Z');
    expect(monthEnd(2024, 2)).toBe('2024-02-29');
  });

  it('shows, for an asOf, the last month that has ended by then and is published by the limit', () => {
    const late = at('2030-01-01T00:00:00Z');
    expect(publishedMonth(2023, '2023-03-31', late)).toBe(3);
    expect(publishedMonth(2023, '2023-03-30', late)).toBe(2);
    expect(publishedMonth(2023, '2023-01-15', late)).toBe(0);
    expect(publishedMonth(2023, '2023-12-31', late)).toBe(12);
    // Every day of a month before its last gives the same month: a day's difference cannot show a count.
    const days = Array.from({ length: 29 }, (_, d) =>
      publishedMonth(2023, `2023-04-${String(d + 1).padStart(2, '0')}`, late),
    );
    expect(new Set(days)).toEqual(new Set([3]));
    expect(publishedMonth(2023, '2023-04-30', late)).toBe(4);
  });

  it('holds back a month until its publication instant', () => {
    expect(publishedMonth(2023, '2023-08-31', at('2023-09-09T23:59:59.999Z'))).toBe(7);
    expect(publishedMonth(2023, '2023-08-31', at('2023-09-10T00:00:00.000Z'))).toBe(8);
    expect(publishedMonth(2023, '2023-08-31', at('2023-02-09T00:00:00.000Z'))).toBe(0);
    expect(() => publishedMonth(2023, '2024-01-31', at('2030-01-01T00:00:00Z'))).toThrow(RangeError);
  });
});
