import fc from 'fast-check';
import { decimalToRational, mulDivRound } from './index';

describe('decimalToRational', () => {
  it.each<[number | string, bigint, bigint]>([
    [0.085, 85n, 1000n],
    [0.1, 1n, 10n],
    [0.3, 3n, 10n],
    [1, 1n, 1n],
    [0, 0n, 1n],
    [-0, 0n, 1n],
    [-0.25, -25n, 100n],
    [1 / 3, 3333333333333333n, 10n ** 16n],
    [1e21, 10n ** 21n, 1n],
    [1.5e-7, 15n, 10n ** 8n],
    [5e-324, 5n, 10n ** 324n],
    ['0.0850', 85n, 1000n],
    ['12', 12n, 1n],
    ['-1.50', -15n, 10n],
    ['2.5E+3', 2500n, 1n],
    ['1e-3', 1n, 1000n],
  ])('%s is %s / %s', (x, num, den) => {
    expect(decimalToRational(x)).toEqual({ num, den });
  });

  it.each<number | string>([NaN, Infinity, -Infinity, '', '.5', '1.', 'abc', '1e', ' 1', '1e999', '0x10'])(
    'rejects %s',
    (x) => {
      expect(() => decimalToRational(x)).toThrow(RangeError);
    },
  );

  it('is exactly the decimal the number prints as', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const { num, den } = decimalToRational(x);
        expect(den > 0n).toBe(true);
        // Converting back through the shortest decimal string gives the same double.
        expect(Number(`${num}e-${den.toString().length - 1}`)).toBe(x === 0 ? 0 : x);
        expect(/^10*$/.test(den.toString())).toBe(true);
      }),
    );
  });

  it('makes twelve profile weights that sum to 1 apply exactly to a budget', () => {
    const weights = [0.085, 0.08, 0.085, 0.08, 0.085, 0.08, 0.075, 0.085, 0.085, 0.09, 0.085, 0.085];
    const annual = 15_200_000_000n;
    const parts = weights.map((w) => decimalToRational(w));
    const total = parts.reduce((acc, r) => acc + (r.num * 1000n) / r.den, 0n);
    expect(total).toBe(1000n);
    expect(parts.map((r) => mulDivRound(annual, r.num, r.den)).reduce((a, b) => a + b, 0n)).toBe(annual);
  });
});
