import {
  bankDaysOfMonth,
  civilOf,
  dayOf,
  formatDay,
  formatInstant,
  instantOf,
  isBankDay,
  monthIndex,
  parseDay,
  weekday,
} from './dates';
import { formatOre, mulDivRound, splitOre } from './money';
import { luhnCheckDigit, syntheticPersonnummer } from './personnummer';
import { Rng } from './rng';

describe('dates', () => {
  it('round-trips civil dates and agrees with the platform calendar', () => {
    for (let d = dayOf(2018, 12, 25); d <= dayOf(2025, 3, 5); d += 17) {
      const { year, month, day } = civilOf(d);
      expect(dayOf(year, month, day)).toBe(d);
      expect(formatDay(d)).toBe(new Date(d * 86_400_000).toISOString().slice(0, 10));
      expect(weekday(d)).toBe((new Date(d * 86_400_000).getUTCDay() + 6) % 7);
    }
    expect(parseDay('2024-02-29')).toBe(dayOf(2024, 2, 29));
    expect(() => parseDay('2023-02-29')).toThrow(RangeError);
    expect(formatInstant(instantOf(dayOf(2021, 1, 4), 6, 5, 9))).toBe('2021-01-04T06:05:09Z');
  });

  it('knows Swedish bank days', () => {
    expect(isBankDay(dayOf(2023, 12, 25))).toBe(false);
    expect(isBankDay(dayOf(2023, 4, 7))).toBe(false); // Långfredagen
    expect(isBankDay(dayOf(2023, 6, 23))).toBe(false); // Midsommarafton
    expect(isBankDay(dayOf(2023, 6, 22))).toBe(true);
    expect(bankDaysOfMonth(monthIndex(2021, 1)).map(formatDay)[0]).toBe('2021-01-04');
  });
});

describe('money in öre', () => {
  it('formats with exactly two decimals and a sign', () => {
    expect(formatOre(123_450)).toBe('1234.50');
    expect(formatOre(-7_500)).toBe('-75.00');
    expect(formatOre(5)).toBe('0.05');
    expect(formatOre(0)).toBe('0.00');
    expect(() => formatOre(1.5)).toThrow(RangeError);
  });

  it('splits an amount into parts that add up exactly, and rounds products half away from zero', () => {
    const parts = splitOre(1_000_001, [0.3, 0.7, 0.55]);
    expect(parts.reduce((s, p) => s + p, 0)).toBe(1_000_001);
    expect(mulDivRound(250, 1, 100)).toBe(3);
    expect(mulDivRound(-250, 1, 100)).toBe(-3);
    expect(mulDivRound(100_000, 10_250, 10_000)).toBe(102_500);
  });
});

describe('seeded randomness', () => {
  it('repeats for a seed, differs between seeds and between forks', () => {
    const draw = (rng: Rng) => Array.from({ length: 5 }, () => rng.next());
    expect(draw(new Rng('a'))).toEqual(draw(new Rng('a')));
    expect(draw(new Rng('a'))).not.toEqual(draw(new Rng('b')));
    expect(draw(new Rng('a').fork(1))).not.toEqual(draw(new Rng('a').fork(2)));
    const rng = new Rng('poisson');
    const mean = Array.from({ length: 2_000 }, () => rng.poisson(3)).reduce((s, x) => s + x, 0) / 2_000;
    expect(Math.abs(mean - 3)).toBeLessThan(0.2);
  });
});

describe('synthetic personnummer', () => {
  it('carries a correct check digit on a real birth date', () => {
    expect(luhnCheckDigit('811218987')).toBe(6); // 19811218-9876, Skatteverket's example
    const rng = new Rng('pnr');
    for (let i = 0; i < 200; i++) {
      const pnr = syntheticPersonnummer(rng, dayOf(1950, 1, 1), dayOf(2004, 12, 31));
      expect(pnr).toMatch(/^(19[5-9]\d|200[0-4])\d{4}-\d{4}$/);
      const ten = pnr.slice(2, 8) + pnr.slice(9);
      expect(luhnCheckDigit(ten.slice(0, 9))).toBe(Number(ten[9]));
    }
  });
});
