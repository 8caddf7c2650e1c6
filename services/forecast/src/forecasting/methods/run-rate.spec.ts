import { runRateFullYear } from './run-rate';

describe('run rate (actual so far × 12 / months elapsed)', () => {
  it('scales whole months', () => {
    expect(runRateFullYear(800n, '2023-08-31')).toBe(1200n);
    expect(runRateFullYear(100n, '2023-03-31')).toBe(400n);
  });

  it('counts the month of asOf by days elapsed', () => {
    // 1 + 14/28 months elapsed
    expect(runRateFullYear(150n, '2023-02-14')).toBe(1200n);
    // leap year: 1 + 15/29
    expect(runRateFullYear(44n, '2024-02-15')).toBe(348n); // 44 × 12 × 29 / 44 = 348
  });

  it('rounds once, to the nearest öre, halves away from zero', () => {
    expect(runRateFullYear(100n, '2023-07-31')).toBe(171n); // 171.43
    expect(runRateFullYear(-100n, '2023-07-31')).toBe(-171n);
    expect(runRateFullYear(5n, '2023-08-31')).toBe(8n); // 7.5
    expect(runRateFullYear(-5n, '2023-08-31')).toBe(-8n);
  });

  it('is the actual itself at 31 December', () => {
    expect(runRateFullYear(123_456_789n, '2023-12-31')).toBe(123_456_789n);
  });
});
