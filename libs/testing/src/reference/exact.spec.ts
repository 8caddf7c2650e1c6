import { civil, dayNumber, parseDate, parseInstant } from './dates';
import { parseOre, parseWeight, rational, ReferenceInputError, roundHalfAwayFromZero } from './exact';

describe('reference exact arithmetic', () => {
  it('parses SPEC amounts to öre', () => {
    expect(
      ['0', '1', '1.5', '1.05', '-0.01', '152000000.00', '-6200000.00'].map((t) => parseOre(t, 'x')),
    ).toEqual([0n, 100n, 150n, 105n, -1n, 15200000000n, -620000000n]);
    for (const bad of ['1.001', '1e2', '', '-', '1.', '.1', ' 1', '1,5', 1]) {
      expect(() => parseOre(bad, 'x')).toThrow(ReferenceInputError);
    }
  });

  it('takes weights by their decimal spelling, exactly', () => {
    expect(parseWeight(0.085, 'w')).toEqual(rational(17n, 200n));
    expect(parseWeight(1e-7, 'w')).toEqual(rational(1n, 10_000_000n));
    expect(parseWeight('0.1', 'w')).toEqual(rational(1n, 10n));
  });

  it('rounds halves away from zero', () => {
    const r = (n: bigint, d: bigint) => roundHalfAwayFromZero(rational(n, d));
    expect([r(1n, 2n), r(-1n, 2n), r(3n, 2n), r(-3n, 2n), r(49n, 100n), r(-51n, 100n), r(7n, 1n)]).toEqual([
      1n,
      -1n,
      2n,
      -2n,
      0n,
      -1n,
      7n,
    ]);
  });

  it('does calendar arithmetic without time zones', () => {
    expect(dayNumber(1970, 1, 1)).toBe(0);
    expect(parseDate('2024-02-29', 'd') - parseDate('2023-12-31', 'd')).toBe(60);
    expect(civil(parseDate('2023-03-01', 'd'))).toEqual({ year: 2023, month: 3, day: 1 });
    expect(() => parseDate('2023-02-29', 'd')).toThrow(ReferenceInputError);
    expect(parseInstant('2023-07-01T12:00:00+02:00', 't')).toBe(parseInstant('2023-07-01T10:00:00Z', 't'));
    expect(
      parseInstant('2023-07-01T10:00:00.000000001Z', 't') - parseInstant('2023-07-01T10:00:00Z', 't'),
    ).toBe(1n);
  });
});
