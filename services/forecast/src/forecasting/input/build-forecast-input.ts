import { classificationKeyId, classificationKeys } from '@ramprognos/contracts';
import type { ActualsByKey } from '../../projections/actuals/actuals-by-key-and-month';
import type { ForecastInput, KeySeries, MonthFigure, PlacementFact, YearSeries } from '../engine/forecast-input';
import { sameDayYearsBefore } from '../engine/period';
import type { FactsQuery, ForecastFacts } from './forecast-facts';

/** Earlier years the engine learns from, at most. */
export const MAX_HISTORY_YEARS = 3;

/**
 * The engine's input for (year, asOf, knownAt): this year through asOf and the complete earlier
 * years (each as known at knownAt), and the placements. A year is history when each stream that
 * has figures this year (payments, placements, ledger) has figures in every month of it — a year
 * in which the data begin part-way would teach a false season, and the year before the data
 * begin still has the care days of the placements that were running when they began — and
 * history stops at the first year back that is not.
 */
export async function buildForecastInput(facts: ForecastFacts, q: FactsQuery): Promise<ForecastInput> {
  const years: { year: number; actuals: ActualsByKey; households: Map<string, Map<string, number>> }[] = [];
  const current = await facts.actuals(q);
  years.push({ year: q.year, actuals: current, households: await facts.households(q) });
  const streams = streamsWithFigures(current);
  const historyYears: number[] = [];
  for (let year = q.year - 1; year >= q.year - MAX_HISTORY_YEARS; year--) {
    const yq = { year, asOf: `${year}-12-31`, knownAt: q.knownAt };
    const actuals = await facts.actuals(yq);
    if (streams.size === 0 || ![...streams].every((stream) => everyMonthHasFigures(actuals, year, stream))) break;
    years.push({ year, actuals, households: await facts.households(yq) });
    historyYears.unshift(year);
  }
  // Last year so far, as known at the same lag (see KeySeries.lastYearSoFarAsKnown).
  let lastYearAsKnown: Map<string, MonthFigure> | null = null;
  if (historyYears.includes(q.year - 1)) {
    const lq = { year: q.year - 1, asOf: sameDayYearsBefore(q.asOf, 1), knownAt: instantYearsBefore(q.knownAt, 1) };
    lastYearAsKnown = sumsByKey(await facts.actuals(lq), await facts.households(lq));
  }
  const known = await facts.placements({ year: historyYears[0] ?? q.year, asOf: q.asOf, knownAt: q.knownAt });

  const series = new Map<string, Map<number, MonthFigure[]>>();
  const monthsOf = (key: string, year: number): MonthFigure[] => {
    let byYear = series.get(key);
    if (!byYear) series.set(key, (byYear = new Map()));
    let months = byYear.get(year);
    if (!months) byYear.set(year, (months = Array.from({ length: 12 }, () => ({ amountOre: 0n, volume: 0 }))));
    return months;
  };
  for (const { year, actuals, households } of years) {
    for (const [key, months] of actuals) {
      for (const m of months.values()) {
        const i = monthIndexIn(m.month, year);
        const target = monthsOf(key, year);
        target[i] = { amountOre: target[i].amountOre + m.amountOre, volume: key.startsWith('placements|') ? m.careDays : target[i].volume };
      }
    }
    for (const [category, months] of households) {
      const key = classificationKeyId(classificationKeys.paymentComponent(category));
      for (const [month, count] of months) {
        const target = monthsOf(key, year);
        const i = monthIndexIn(month, year);
        target[i] = { amountOre: target[i].amountOre, volume: count };
      }
    }
  }
  const keys: KeySeries[] = [...series.keys()].sort().map((key) => ({
    key,
    years: [...(series.get(key) ?? new Map<number, MonthFigure[]>()).entries()]
      .sort(([a], [b]) => a - b)
      .map(([year, months]): YearSeries => ({ year, months })),
    ...(lastYearAsKnown === null ? {} : { lastYearSoFarAsKnown: lastYearAsKnown.get(key) ?? { amountOre: 0n, volume: 0 } }),
  }));

  const placements: PlacementFact[] = known
    .map((p) => ({
      placementId: p.placementId,
      key: classificationKeyId(classificationKeys.placement(p.placementType, p.regi, p.targetGroup)),
      startDate: p.startDate,
      endDate: p.endDate,
      plannedEndDate: p.plannedEndDate,
      registeredOn: p.registeredOn,
      dailyRateOre: p.dailyRateOre,
      rateChanges: [...p.rateChanges].sort(
        (a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.knownAtMs - b.knownAtMs || a.eventKey.localeCompare(b.eventKey),
      ),
    }))
    .sort((a, b) => (a.placementId < b.placementId ? -1 : a.placementId > b.placementId ? 1 : 0));

  return { year: q.year, asOf: q.asOf, knownAt: q.knownAt, historyYears, keys, placements };
}

function sumsByKey(actuals: ActualsByKey, households: Map<string, Map<string, number>>): Map<string, MonthFigure> {
  const result = new Map<string, MonthFigure>();
  for (const [key, months] of actuals) {
    let amountOre = 0n;
    let volume = 0;
    for (const m of months.values()) {
      amountOre += m.amountOre;
      if (key.startsWith('placements|')) volume += m.careDays;
    }
    result.set(key, { amountOre, volume });
  }
  for (const [category, months] of households) {
    const key = classificationKeyId(classificationKeys.paymentComponent(category));
    let volume = 0;
    for (const count of months.values()) volume += count;
    result.set(key, { amountOre: result.get(key)?.amountOre ?? 0n, volume });
  }
  return result;
}

/** The same instant a year earlier, by its calendar date (29 February → 28 February). */
function instantYearsBefore(instant: string, years: number): string {
  const iso = new Date(instant).toISOString();
  return `${sameDayYearsBefore(iso.slice(0, 10), years)}${iso.slice(10)}`;
}

function streamOf(key: string): string {
  return key.slice(0, key.indexOf('|'));
}

function streamsWithFigures(actuals: ActualsByKey): Set<string> {
  const streams = new Set<string>();
  for (const [key, months] of actuals) {
    for (const m of months.values()) if (m.amountOre !== 0n || m.careDays !== 0) streams.add(streamOf(key));
  }
  return streams;
}

function everyMonthHasFigures(actuals: ActualsByKey, year: number, stream: string): boolean {
  const seen = new Set<number>();
  for (const [key, months] of actuals) {
    if (streamOf(key) !== stream) continue;
    for (const m of months.values()) if (m.amountOre !== 0n || m.careDays !== 0) seen.add(monthIndexIn(m.month, year));
  }
  return seen.size === 12;
}

function monthIndexIn(month: string, year: number): number {
  if (Number(month.slice(0, 4)) !== year) throw new RangeError(`month ${month} is not in ${year}`);
  return Number(month.slice(5, 7)) - 1;
}
