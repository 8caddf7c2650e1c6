import fc from 'fast-check';
import {
  daysInMonth,
  daysInYear,
  fromEpochDay,
  isCivilDate,
  isYearMonth,
  monthBounds,
  monthsOfYear,
  toEpochDay,
} from './civil-date';

describe('civil dates', () => {
  it('knows leap years and month lengths', () => {
    expect(daysInYear(2024)).toBe(366);
    expect(daysInYear(2023)).toBe(365);
    expect(daysInYear(2000)).toBe(366);
    expect(daysInYear(1900)).toBe(365);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2023, 12)).toBe(31);
  });

  it('rejects impossible and malformed dates', () => {
    for (const bad of ['2023-02-29', '2023-02-30', '2023-13-01', '2023-00-10', '2023-1-01', '20230101', '2023-01-01T00:00:00Z', '']) {
      expect(isCivilDate(bad)).toBe(false);
    }
    expect(isCivilDate('2024-02-29')).toBe(true);
    expect(isYearMonth('2023-12')).toBe(true);
    expect(isYearMonth('2023-13')).toBe(false);
    expect(() => toEpochDay('2023-02-30')).toThrow(RangeError);
  });

  it('round-trips every day between 1900 and 2200', () => {
    fc.assert(
      fc.property(fc.integer({ min: toEpochDay('1900-01-01'), max: toEpochDay('2200-12-31') }), (day) => {
        const date = fromEpochDay(day);
        expect(isCivilDate(date)).toBe(true);
        expect(toEpochDay(date)).toBe(day);
      }),
    );
  });

  it('gives month bounds and the months of a year', () => {
    const feb = monthBounds(2024, 2);
    expect(fromEpochDay(feb.first)).toBe('2024-02-01');
    expect(fromEpochDay(feb.last)).toBe('2024-02-29');
    expect(monthsOfYear(2023)).toHaveLength(12);
    expect(monthsOfYear(2023)[8]).toBe('2023-09');
  });
});
