import { daysInMonth } from '@ramprognos/calendar';
import { mulDivRound } from '@ramprognos/money';
import type { ForecastInput, KeySeries, MonthFigure, PlacementFact } from './forecast-input';
import { sameDayYearsBefore } from './period';

/**
 * The input as it would have looked on the same day `yearsBack` years earlier, from what this
 * input holds: the series cut at that day (its month pro rata), the placements as they stood —
 * later ends unknown, later rate changes not yet there. Knowledge times are not replayed (late
 * events of that year are already in), so this is the method's error without lateness.
 */
export function inputAsOfEarlierYear(input: ForecastInput, yearsBack: number): ForecastInput {
  const year = input.year - yearsBack;
  const asOf = sameDayYearsBefore(input.asOf, yearsBack);
  const month = Number(asOf.slice(5, 7));
  const day = Number(asOf.slice(8, 10));
  const dim = daysInMonth(year, month);
  const historyYears = input.historyYears.filter((y) => y < year);
  const windowStart = `${historyYears.length > 0 ? historyYears[0] : year}-01-01`;

  const keys: KeySeries[] = [];
  for (const series of input.keys) {
    const years = series.years
      .filter((y) => y.year <= year)
      .map((y) =>
        y.year < year
          ? y
          : {
              year,
              months: y.months.map((m, i): MonthFigure => {
                if (i < month - 1 || (i === month - 1 && day === dim)) return m;
                if (i > month - 1) return { amountOre: 0n, volume: 0 };
                return { amountOre: mulDivRound(m.amountOre, BigInt(day), BigInt(dim)), volume: Math.round((m.volume * day) / dim) };
              }),
            },
      );
    if (years.length > 0) keys.push({ key: series.key, years });
  }

  const placements: PlacementFact[] = [];
  for (const p of input.placements) {
    if (p.startDate > asOf) continue;
    if (p.endDate !== null && p.endDate < windowStart) continue;
    placements.push({
      ...p,
      endDate: p.endDate !== null && p.endDate <= asOf ? p.endDate : null,
      rateChanges: p.rateChanges.filter((c) => c.effectiveFrom <= asOf),
    });
  }
  return { year, asOf, knownAt: input.knownAt, historyYears, keys, placements };
}

/** A key's net öre over the whole of an earlier year, as the input holds it. */
export function outcomeOf(series: KeySeries, year: number): bigint {
  const y = series.years.find((s) => s.year === year);
  return y === undefined ? 0n : y.months.reduce((sum, m) => sum + m.amountOre, 0n);
}
