import fc from 'fast-check';
import { fromEpochDay, toEpochDay } from '@ramprognos/calendar';
import { PlacementAsKnown, careDaysByMonth, rateOn } from './placement-days';

const change = (effectiveFrom: string, kr: number, knownAtMs = 0, eventKey = effectiveFrom) => ({
  effectiveFrom,
  dailyRateOre: BigInt(kr * 100),
  knownAtMs,
  eventKey,
});

const year2023 = [toEpochDay('2023-01-01'), toEpochDay('2023-12-31')] as const;

describe('care days by month (SPEC §6)', () => {
  it('counts start and end day inclusive and splits at month ends and rate changes', () => {
    const placement: PlacementAsKnown = {
      startDate: '2023-01-30',
      endDate: '2023-03-02',
      dailyRateOre: 100_000n,
      rateChanges: [change('2023-02-15', 1200)],
    };
    expect(careDaysByMonth(placement, ...year2023)).toEqual([
      { month: '2023-01', careDays: 2, costOre: 200_000n },
      { month: '2023-02', careDays: 28, costOre: 14n * 100_000n + 14n * 120_000n },
      { month: '2023-03', careDays: 2, costOre: 240_000n },
    ]);
  });

  it('runs an open placement to the end of the window and clips a start before it', () => {
    const placement: PlacementAsKnown = {
      startDate: '2019-06-01',
      endDate: null,
      dailyRateOre: 80_000n,
      rateChanges: [],
    };
    const result = careDaysByMonth(placement, toEpochDay('2023-01-01'), toEpochDay('2023-02-10'));
    expect(result).toEqual([
      { month: '2023-01', careDays: 31, costOre: 31n * 80_000n },
      { month: '2023-02', careDays: 10, costOre: 10n * 80_000n },
    ]);
  });

  it('applies a rate change effective before the start from the start, and the later-known of two on one day', () => {
    const placement: PlacementAsKnown = {
      startDate: '2023-05-01',
      endDate: '2023-05-03',
      dailyRateOre: 100_000n,
      rateChanges: [
        change('2023-04-01', 900),
        change('2023-05-02', 2000, 2000, 'b'),
        change('2023-05-02', 1500, 1000, 'a'),
      ],
    };
    expect(careDaysByMonth(placement, ...year2023)).toEqual([
      { month: '2023-05', careDays: 3, costOre: 90_000n + 2n * 200_000n },
    ]);
    expect(rateOn(placement, '2023-05-02')).toBe(200_000n);
  });

  it('gives nothing for a placement that ended before the window', () => {
    const placement: PlacementAsKnown = {
      startDate: '2022-01-01',
      endDate: '2022-12-31',
      dailyRateOre: 1n,
      rateChanges: [],
    };
    expect(careDaysByMonth(placement, ...year2023)).toEqual([]);
  });

  it('agrees with a day-by-day count for arbitrary placements (property)', () => {
    const day = fc.integer({ min: toEpochDay('2022-10-01'), max: toEpochDay('2024-03-01') });
    fc.assert(
      fc.property(
        day,
        fc.option(fc.integer({ min: 0, max: 400 })),
        fc.array(fc.tuple(day, fc.integer({ min: 0, max: 900_000 }), fc.integer({ min: 0, max: 5 })), {
          maxLength: 5,
        }),
        (start, length, rawChanges) => {
          const placement: PlacementAsKnown = {
            startDate: fromEpochDay(start),
            endDate: length === null ? null : fromEpochDay(start + length),
            dailyRateOre: 123_456n,
            rateChanges: rawChanges.map(([d, rate, t], i) => ({
              effectiveFrom: fromEpochDay(d),
              dailyRateOre: BigInt(rate),
              knownAtMs: t,
              eventKey: String(i),
            })),
          };
          const result = careDaysByMonth(placement, ...year2023);
          const expected = new Map<string, { careDays: number; costOre: bigint }>();
          const end =
            placement.endDate === null ? year2023[1] : Math.min(toEpochDay(placement.endDate), year2023[1]);
          for (let d = Math.max(start, year2023[0]); d <= end; d++) {
            const month = fromEpochDay(d).slice(0, 7);
            const entry = expected.get(month) ?? { careDays: 0, costOre: 0n };
            entry.careDays += 1;
            entry.costOre += rateOn(placement, fromEpochDay(d));
            expected.set(month, entry);
          }
          expect(result).toEqual([...expected.entries()].map(([month, v]) => ({ month, ...v })));
        },
      ),
      { numRuns: 300 },
    );
  });
});
