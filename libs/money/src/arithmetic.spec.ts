import fc from 'fast-check';
import { divRoundHalfAwayFromZero, formatSek, formatTkr, mulDivRound, sumOre } from './index';

/** Reference: round(n/d) half away from zero via exact comparison of 2|n mod d| with |d|. */
function referenceRound(n: bigint, d: bigint): bigint {
  const abs = (x: bigint) => (x < 0n ? -x : x);
  const floor = (a: bigint, b: bigint) => {
    const q = a / b;
    return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
  };
  const lower = floor(n, d); // the integer just below (or at) n/d
  const twiceDistance = 2n * abs(n - lower * d); // 2 × (n/d − lower) × |d|
  if (twiceDistance < abs(d)) return lower;
  if (twiceDistance > abs(d)) return lower + 1n;
  return lower >= 0n ? lower + 1n : lower; // exactly half: away from zero
}

const nonZero = fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).filter((d) => d !== 0n);
const anyBig = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });

describe('divRoundHalfAwayFromZero', () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [5n, -2n, -3n],
    [-5n, -2n, 3n],
    [4n, 3n, 1n],
    [5n, 3n, 2n],
    [-4n, 3n, -1n],
    [-5n, 3n, -2n],
    [1n, 2n, 1n],
    [-1n, 2n, -1n],
    [1n, 3n, 0n],
    [0n, 7n, 0n],
    [0n, -7n, 0n],
    [149999n, 100000n, 1n],
    [150000n, 100000n, 2n],
    [-150000n, 100000n, -2n],
    [-149999n, 100000n, -1n],
  ])('%s / %s = %s', (n, d, q) => {
    expect(divRoundHalfAwayFromZero(n, d)).toBe(q);
  });

  it('refuses to divide by zero', () => {
    expect(() => divRoundHalfAwayFromZero(1n, 0n)).toThrow(RangeError);
  });

  it('matches the reference rounding', () => {
    fc.assert(
      fc.property(anyBig, nonZero, (n, d) => {
        expect(divRoundHalfAwayFromZero(n, d)).toBe(referenceRound(n, d));
      }),
    );
  });

  it('is symmetric: round(-x) = -round(x), for either sign of the denominator', () => {
    fc.assert(
      fc.property(anyBig, nonZero, (n, d) => {
        const r = divRoundHalfAwayFromZero(n, d);
        expect(divRoundHalfAwayFromZero(-n, d)).toBe(-r);
        expect(divRoundHalfAwayFromZero(n, -d)).toBe(-r);
        expect(divRoundHalfAwayFromZero(-n, -d)).toBe(r);
      }),
    );
  });

  it('rounds exact halves away from zero', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        (k, half) => {
          // (2k+1)/2 scaled by `half`: exactly k + 1/2.
          const d = 2n * half;
          const n = (2n * k + 1n) * half;
          const expected = k >= 0n ? k + 1n : k;
          expect(divRoundHalfAwayFromZero(n, d)).toBe(expected);
        },
      ),
    );
  });

  it('is never more than half away from the exact quotient', () => {
    fc.assert(
      fc.property(anyBig, nonZero, (n, d) => {
        const r = divRoundHalfAwayFromZero(n, d);
        const err = 2n * (n - r * d); // 2 × (n/d − r) × d
        const absErr = err < 0n ? -err : err;
        expect(absErr <= (d < 0n ? -d : d)).toBe(true);
      }),
    );
  });
});

describe('mulDivRound', () => {
  it('rounds once, after the multiplication', () => {
    // 1/3 of 1 öre thrice would be 0; 1 × 3 / 3 is exact.
    expect(mulDivRound(1n, 3n, 3n)).toBe(1n);
    // budgetYtd example: 152 000 000.00 SEK × 0.085 = 12 920 000.00 SEK
    expect(mulDivRound(15_200_000_000n, 85n, 1000n)).toBe(1_292_000_000n);
    // 10 000 000.00 SEK × 243/365
    expect(mulDivRound(1_000_000_000n, 243n, 365n)).toBe(665_753_425n);
  });

  it('matches the BigInt reference a × num / den', () => {
    fc.assert(
      fc.property(anyBig, anyBig, nonZero, (a, num, den) => {
        expect(mulDivRound(a, num, den)).toBe(referenceRound(a * num, den));
      }),
    );
  });
});

describe('sumOre', () => {
  it('sums exactly, far beyond Number.MAX_SAFE_INTEGER', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), { maxLength: 50 }),
        (values) => {
          const expected = values.reduce((a, b) => a + b, 0n);
          expect(sumOre(values)).toBe(expected);
          expect(sumOre(new Set(values))).toBe([...new Set(values)].reduce((a, b) => a + b, 0n));
        },
      ),
    );
    expect(sumOre([9_007_199_254_740_993n, 1n])).toBe(9_007_199_254_740_994n);
  });

  it('is 0 for nothing and accepts any iterable', () => {
    expect(sumOre([])).toBe(0n);
    function* gen() {
      yield 1n;
      yield -3n;
    }
    expect(sumOre(gen())).toBe(-2n);
  });

  it('refuses numbers', () => {
    expect(() => sumOre([1n, 2 as unknown as bigint])).toThrow(TypeError);
  });
});

describe('formatSek', () => {
  it.each([
    [0n, '0.00'],
    [5n, '0.05'],
    [-5n, '-0.05'],
    [50n, '0.50'],
    [123450n, '1234.50'],
    [-123456n, '-1234.56'],
    [100n, '1.00'],
    [10n ** 20n + 1n, '1000000000000000000.01'],
  ])('%s öre is %j', (ore, text) => {
    expect(formatSek(ore)).toBe(text);
  });
});

describe('formatTkr', () => {
  it.each([
    [0n, 0n],
    [49_999n, 0n],
    [50_000n, 1n],
    [-49_999n, 0n],
    [-50_000n, -1n],
    [149_999n, 1n],
    [150_000n, 2n],
    [-150_000n, -2n],
    [15_200_000_000n, 152_000n],
  ])('%s öre is %s tkr', (ore, tkr) => {
    expect(formatTkr(ore)).toBe(tkr);
  });

  it('is symmetric and within half a tkr', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), (ore) => {
        const tkr = formatTkr(ore);
        expect(formatTkr(-ore)).toBe(-tkr);
        const diff = ore - tkr * 100_000n;
        expect(diff <= 50_000n && diff >= -50_000n).toBe(true);
      }),
    );
  });
});
