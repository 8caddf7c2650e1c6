import { fromEpochDay, toEpochDay } from '@ramprognos/calendar';
import { careDaysByMonth } from '../../projections/placement-days/placement-days';
import { forecastYear } from '../engine/forecast-engine';
import type { ForecastInput, PlacementFact } from '../engine/forecast-input';
import { ENGINE_PARAMETERS } from '../engine/parameters';
import { forecastPlacements, type PlacementParameters } from './placements';

const KEY = 'placements|placementType=HVB|regi=EXTERN|targetGroup=BARN_UNGA';
const OTHER = 'placements|placementType=HVB|regi=EGEN|targetGroup=BARN_UNGA';
const P: PlacementParameters = ENGINE_PARAMETERS.placements;
const AUGUST = { asOf: '2023-08-31', knownAt: '2023-09-07T23:59:59.999Z', historyYears: [] as number[], windowStart: '2023-01-01', yearEnd: '2023-12-31' };

function placement(placementId: string, startDate: string, patch: Partial<PlacementFact> = {}): PlacementFact {
  return { placementId, key: KEY, startDate, endDate: null, plannedEndDate: null, registeredOn: startDate, dailyRateOre: 100_000n, rateChanges: [], ...patch };
}

const addDays = (date: string, days: number) => fromEpochDay(toEpochDay(date) + days);

describe('placements: commitments and inflow', () => {
  const committed = placement('P1', '2022-06-01', {
    plannedEndDate: '2023-10-15',
    rateChanges: [{ effectiveFrom: '2023-09-20', dailyRateOre: 120_050n, knownAtMs: 0, eventKey: 'rc1' }],
  });

  it('runs a placement to its planned end at the rate of each day, a known rate change included: an exact remaining cost', () => {
    const result = forecastPlacements([committed], AUGUST, P).get(KEY);
    // 1–19 September at 1 000.00, 20 September – 15 October (26 days) at 1 200.50
    expect(result?.exactRemainingOre).toBe(19n * 100_000n + 26n * 120_050n);
    expect(result?.exactRemainingOre).toBe(5_021_300n);
    expect(result?.expectedRemainingOre).toBe(0);
    expect(result?.remainingDays).toBe(45);
    expect(result?.explanation.committed).toEqual({ placements: 1, days: 45, costOre: 5_021_300n });
  });

  it('gives that exact figure as the full-year forecast: actual so far + the committed rest', () => {
    const ytd = careDaysByMonth(committed, toEpochDay('2023-01-01'), toEpochDay('2023-08-31'));
    const months = Array.from({ length: 12 }, (_, i) => {
      const m = ytd.find((x) => x.month === `2023-${String(i + 1).padStart(2, '0')}`);
      return { amountOre: m?.costOre ?? 0n, volume: m?.careDays ?? 0 };
    });
    const input: ForecastInput = {
      year: 2023,
      asOf: '2023-08-31',
      knownAt: '2023-09-05T00:00:00.000Z',
      historyYears: [],
      keys: [{ key: KEY, years: [{ year: 2023, months }] }],
      placements: [committed],
    };
    const [k] = forecastYear(input).keys;
    expect(k.actualYtd).toBe(243n * 100_000n);
    expect(k.forecastFullYear).toBe(24_300_000n + 5_021_300n);
    expect(k.method).toBe('placements.commitments+inflow');
    expect(k.volume).toEqual({ unit: 'VARDDYGN', actualYtd: 243, forecastFullYear: 288 });
    expect(k.unitCost).toBe(101_810n); // 29 321 300 / 288 = 101 810.07
    // no earlier year to back-test on: the default band, 15 % of what is still to come
    expect(k.band.basis).toBe('default');
    expect(k.high - k.forecastFullYear).toBe(753_195n);
    expect(k.forecastFullYear - k.low).toBe(753_195n);
    expect(k.baseline.runRate).toBe(36_450_000n);
  });

  it('expects the placements that have begun but are not registered yet, from how late earlier starts were registered', () => {
    // 40 stays of exactly 100 days over the last year, each registered 10 days after it began
    const stays = Array.from({ length: 40 }, (_, i) => {
      const start = addDays('2022-09-01', 6 * i);
      return placement(`S${i}`, start, { endDate: addDays(start, 99), registeredOn: addDays(start, 10) });
    });
    const context = { ...AUGUST, windowStart: '2022-01-01' };
    const late = forecastPlacements(stays, context, P).get(KEY)?.explanation.notYetRegistered;
    // knownAt is 7 days after asOf: starts of 31, 30 and 29 August (7, 8, 9 days before knownAt) are not
    // registered yet; 40/365 a day, each for the rest of its 100 days: 99, 98 and 97 days after asOf
    expect(late?.expectedStarts).toBeCloseTo((3 * 40) / 365, 12);
    expect(late?.expectedDays).toBeCloseTo(((99 + 98 + 97) * 40) / 365, 9);
    expect(late?.expectedCostOre).toBeCloseTo((((99 + 98 + 97) * 40) / 365) * 100_000, 4);
    // registered the day they begin: nothing is missing
    const onTime = stays.map((f) => ({ ...f, registeredOn: f.startDate }));
    expect(forecastPlacements(onTime, context, P).get(KEY)?.explanation.notYetRegistered).toEqual({ expectedStarts: 0, expectedDays: 0, expectedCostOre: 0 });
  });

  it('prefers an end already registered to the planned end', () => {
    const ending = { ...committed, endDate: '2023-09-10' };
    expect(forecastPlacements([ending], AUGUST, P).get(KEY)?.explanation.committed).toEqual({ placements: 1, days: 10, costOre: 1_000_000n });
  });

  it('continues a placement without a planned end as long as stays of its kind that have lasted as long went on', () => {
    // 40 stays of exactly 100 days ended this year; one running since 13 July (50 days on 31 August)
    const ended = Array.from({ length: 40 }, (_, i) => {
      const start = addDays('2023-01-01', i);
      return placement(`E${String(i).padStart(2, '0')}`, start, { endDate: addDays(start, 99) });
    });
    const open = placement('R1', '2023-07-13', { dailyRateOre: 150_000n });
    const result = forecastPlacements([...ended, open], AUGUST, P).get(KEY);
    expect(result?.explanation.continuing.placements).toBe(1);
    expect(result?.explanation.continuing.durationsFrom).toBe('key');
    expect(result?.explanation.continuing.endedStays).toBe(40);
    expect(result?.explanation.continuing.expectedDays).toBeCloseTo(50, 9);
    expect(result?.explanation.continuing.expectedCostOre).toBeCloseTo(50 * 150_000, 3);
  });

  it('borrows the durations of a wider kind when its own has too few ended stays', () => {
    const ended = Array.from({ length: 40 }, (_, i) => {
      const start = addDays('2023-01-01', i);
      return placement(`E${String(i).padStart(2, '0')}`, start, { key: OTHER, endDate: addDays(start, 99) });
    });
    const open = placement('R1', '2023-07-13');
    const result = forecastPlacements([...ended, open], AUGUST, P).get(KEY);
    expect(result?.explanation.continuing.durationsFrom).toBe('placementType+targetGroup');
    expect(result?.explanation.continuing.expectedDays).toBeCloseTo(50, 9);
  });

  it('expects new placements at the trailing inflow, each for its days left in the year, at the typical rate', () => {
    // twelve starts in the last 365 days, every stay exactly 30 days
    const starts = Array.from({ length: 12 }, (_, i) => {
      const start = addDays('2022-09-05', 28 * i);
      return placement(`N${String(i).padStart(2, '0')}`, start, { endDate: addDays(start, 29) });
    });
    const result = forecastPlacements(starts, AUGUST, { ...P, minAtRisk: 1 }).get(KEY);
    const perDay = 12 / 365;
    // a start on day i of the 122 left has min(30, 122 − i + 1) days in the year: Σ = 465 + 92 × 30
    expect(result?.explanation.newPlacements.startsLastWindow).toBe(12);
    expect(result?.explanation.newPlacements.expectedStarts).toBeCloseTo(perDay * 122, 9);
    expect(result?.explanation.newPlacements.expectedDays).toBeCloseTo(perDay * 3225, 9);
    expect(result?.explanation.newPlacements.typicalRateOre).toBe(100_000);
    expect(result?.explanation.newPlacements.priceTrendPerYear).toBe(0);
    expect(result?.expectedRemainingOre).toBeCloseTo(perDay * 3225 * 100_000, 3);
    expect(result?.exactRemainingOre).toBe(0n);
  });

  it('with an earlier year, reads the inflow per month from the kind (all regi) with its season and trend, and gives each key its share', () => {
    // ten 5-day stays a month since 2022 in one key, two a month in the other (same type and target group)
    const facts: PlacementFact[] = [];
    for (let m = 0; m < 20; m++) {
      const year = 2022 + Math.floor(m / 12);
      const month = String((m % 12) + 1).padStart(2, '0');
      for (let i = 0; i < 12; i++) {
        const start = `${year}-${month}-${String(i + 5).padStart(2, '0')}`;
        facts.push(placement(`S${m}-${i}`, start, { key: i < 10 ? KEY : OTHER, endDate: addDays(start, 4) }));
      }
    }
    const context = { ...AUGUST, historyYears: [2022], windowStart: '2022-01-01' };
    const result = forecastPlacements(facts, context, P);
    expect(result.get(KEY)?.explanation.newPlacements.expectedStarts).toBeCloseTo(40, 6);
    expect(result.get(OTHER)?.explanation.newPlacements.expectedStarts).toBeCloseTo(8, 6);
  });

  it('carries the rise of start rates between the last two years forward to the new placements', () => {
    const facts: PlacementFact[] = [];
    for (let i = 0; i < 10; i++) {
      const before = addDays('2021-09-10', 30 * i);
      const recent = addDays('2022-09-10', 30 * i);
      facts.push(placement(`B${i}`, before, { endDate: addDays(before, 9), dailyRateOre: 100_000n }));
      facts.push(placement(`R${i}`, recent, { endDate: addDays(recent, 9), dailyRateOre: 103_000n }));
    }
    const result = forecastPlacements(facts, AUGUST, P).get(KEY);
    expect(result?.explanation.newPlacements.priceTrendPerYear).toBeCloseTo(0.03, 12);
    expect(result?.explanation.newPlacements.typicalRateOre).toBe(103_000);
  });
});
