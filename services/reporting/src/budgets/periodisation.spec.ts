import { parseSek } from '@ramprognos/money';
import { ratio } from './exact';
import { periodise, profileWeights, shareThrough } from './periodisation';

const months = (entries: Record<number, bigint>): bigint[] =>
  Array.from({ length: 12 }, (_, m) => entries[m + 1] ?? 0n);

describe('periodisation (budgetYtd, SPEC §6)', () => {
  it('EVEN counts the month of asOf by days elapsed: 1200.00 through 14 February is 150.00', () => {
    expect(periodise(parseSek('1200.00'), profileWeights('EVEN', 2023), '2023-02-14')).toBe(
      parseSek('150.00'),
    );
  });

  it('DAYS weighs months by their days; an adjustment counts as if it had been there all year', () => {
    // HEM_AKUT of the example at asOf 10-31: (100 000 + 320 000) SEK × 304/365.
    expect(periodise(parseSek('420000.00'), profileWeights('DAYS', 2023), '2023-10-31')).toBe(34_980_822n);
  });

  it('DAYS knows leap years', () => {
    const weights = profileWeights('DAYS', 2024);
    expect(weights[1]).toEqual(ratio(29n, 366n));
    expect(shareThrough(weights, '2024-02-29')).toEqual(ratio(60n, 366n));
  });

  it('twelve weights are taken exactly as written, not as the nearest doubles', () => {
    const weights = profileWeights(
      [0.085, 0.085, 0.085, 0.085, 0.085, 0.094, 0.062, 0.078, 0.085, 0.085, 0.085, 0.086],
      2023,
    );
    expect(shareThrough(weights, '2023-08-31')).toEqual(ratio(659n, 1000n));
    expect(profileWeights(['0.5', '0.5', ...Array(10).fill('0')], 2023)[0]).toEqual(ratio(1n, 2n));
  });

  it('HISTORICAL uses the net cost per month summed over earlier years: 388.89 in the README example', () => {
    const weights = profileWeights('HISTORICAL', 2023, months({ 1: 300n, 2: 100n, 3: 500n }));
    expect(periodise(parseSek('1000.00'), weights, '2023-02-14')).toBe(parseSek('388.89'));
  });

  it('HISTORICAL falls back to EVEN when the history sums to zero, and takes a revenue line as it is', () => {
    expect(profileWeights('HISTORICAL', 2023, months({}))).toEqual(profileWeights('EVEN', 2023));
    expect(profileWeights('HISTORICAL', 2023, months({ 1: 50n, 2: -50n }))).toEqual(
      profileWeights('EVEN', 2023),
    );
    expect(profileWeights('HISTORICAL', 2023, months({ 1: -300n, 2: -100n }))[0]).toEqual(ratio(3n, 4n));
  });

  it('HISTORICAL without the history is a programming error', () => {
    expect(() => profileWeights('HISTORICAL', 2023)).toThrow(/twelve months/);
  });

  it('rounds once per line to the öre, halves away from zero', () => {
    const even = profileWeights('EVEN', 2023);
    expect(periodise(6n, even, '2023-01-31')).toBe(1n);
    expect(periodise(-6n, even, '2023-01-31')).toBe(-1n);
    expect(periodise(5n, even, '2023-01-31')).toBe(0n);
    expect(periodise(parseSek('1200.00'), even, '2023-12-31')).toBe(parseSek('1200.00'));
  });
});
