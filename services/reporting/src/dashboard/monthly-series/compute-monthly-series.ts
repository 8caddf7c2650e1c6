import { daysInMonth, isCivilDate, monthKey } from '@ramprognos/calendar';
import type { Ore } from '@ramprognos/money';
import { UNCLASSIFIED_LINE, periodise, profileWeights, type BudgetAsOf, type VolumeUnit } from '../../budgets';
import { classifyKeyIds } from '../../classification';
import { historicalByKey, oreToJson, type ActualsResponse, type HouseholdsByLine } from '../../reports/budget-deviation';
import type { VolumesPublished } from '../../reports/budget-deviation/budget-deviation-view';
import { monthIndexOf, oreOf } from '../../reports/budget-deviation/inputs';
import { shownVolumes, type PublishedVolumes } from '../../reports/suppression/suppress-small-counts';

/*
 * What the charts and the drill-down show per line and month: the periodised budget, the actual
 * net cost and the volume (vårddygn or households). The budget-deviation report has only
 * year-to-date figures; this is the same data, month by month, computed by the same rules
 * (classification, profiles, periodisation) so that its sums agree with the report.
 */

export interface MonthlyLine {
  readonly code: string;
  readonly name: string;
  readonly frame: string;
  readonly area: string;
  /** The line's budgeted volume unit, or null. */
  readonly volumeUnit: VolumeUnit | null;
  /** The annual budget as of asOf, öre. */
  readonly annualBudget: number;
  /** Periodised budget of each month, öre: differences of the month-end periodisations, so they add up to the annual budget. */
  readonly budget: readonly number[];
  /** Net cost of each month, öre; null for months after asOf's. */
  readonly actual: readonly (number | null)[];
  /**
   * Vårddygn or distinct households of each month; null after asOf's month (for the ekonom role,
   * after the last published month), and for lines without a volume unit.
   */
  readonly volume: readonly (number | null)[] | null;
  /** Set when the volume is withheld from the caller's role (counts of 1–4, SPEC §8). */
  readonly volumeSuppressed?: true;
}

export interface MonthlySeries {
  readonly year: number;
  readonly asOf: string;
  readonly knownAt: string;
  readonly currency: 'SEK';
  readonly unit: 'ore';
  /** `YYYY-MM`, the twelve months of the year. */
  readonly months: readonly string[];
  /** Budget lines in document order. */
  readonly lines: readonly MonthlyLine[];
  /** What no line matched (OKLASSIFICERAT), per month. */
  readonly unclassified: { readonly actual: readonly (number | null)[] };
  /** Σ lines + unclassified. */
  readonly total: { readonly budget: readonly number[]; readonly actual: readonly (number | null)[] };
  /** Present for the ekonom role: the volumes are the months published through this one. */
  readonly volumesPublished?: VolumesPublished;
}

export interface MonthlySeriesInput {
  /** The budget with the adjustments that count at asOf (`budgetAsOf`). */
  readonly budget: BudgetAsOf;
  readonly knownAt: string;
  readonly actuals: ActualsResponse;
  /** Earlier years' actuals, each through its 31 December (HISTORICAL profiles). */
  readonly historicalActuals?: readonly ActualsResponse[];
  /** Distinct households per month of the HUSHALLSMANADER lines. */
  readonly households?: HouseholdsByLine;
}

const zeros = (): Ore[] => Array<Ore>(12).fill(0n);

export function computeMonthlySeries(input: MonthlySeriesInput): MonthlySeries {
  const { budget, knownAt, actuals } = input;
  const { year, asOf } = budget;
  if (!isCivilDate(asOf) || Number(asOf.slice(0, 4)) !== year) throw new RangeError(`asOf must be a date in ${year}`);
  if (actuals.year !== year || actuals.asOf !== asOf) {
    throw new RangeError(`actuals are for ${actuals.year} through ${actuals.asOf}, the series for ${year} through ${asOf}`);
  }
  const lastMonth = Number(asOf.slice(5, 7)) - 1;
  const history = historicalByKey(input.historicalActuals ?? [], year);
  const classification = classifyKeyIds(budget.lines, [...actuals.keys.map((k) => k.key), ...history.keys()]);
  const lineOf = (key: string) => classification.get(key) ?? UNCLASSIFIED_LINE;

  const actualByLine = new Map<string, Ore[]>();
  const careDaysByLine = new Map<string, number[]>();
  for (const { key, months } of actuals.keys) {
    const line = lineOf(key);
    const amounts = actualByLine.get(line) ?? zeros();
    const days = careDaysByLine.get(line) ?? Array<number>(12).fill(0);
    for (const m of months) {
      const i = monthIndexOf(m.month, year, `actuals of ${key}`);
      if (i > lastMonth) throw new RangeError(`actuals of ${key} have a month after asOf`);
      amounts[i] += oreOf(m.amount, `actuals of ${key}`);
      if (key.startsWith('placements|')) days[i] += m.careDays ?? 0;
    }
    actualByLine.set(line, amounts);
    careDaysByLine.set(line, days);
  }
  const historyByLine = new Map<string, Ore[]>();
  for (const [key, months] of history) {
    const line = lineOf(key);
    const sum = historyByLine.get(line) ?? zeros();
    months.forEach((amount, m) => (sum[m] += amount));
    historyByLine.set(line, sum);
  }

  const throughAsOf = <T>(values: readonly T[]): (T | null)[] => values.map((v, i) => (i <= lastMonth ? v : null));
  const money = (value: Ore, what: string) => oreToJson(value, what);

  const lines: MonthlyLine[] = budget.lines.map((line) => {
    const weights = profileWeights(line.profile, year, historyByLine.get(line.code) ?? zeros());
    const monthEnds = Array.from({ length: 12 }, (_, m) =>
      periodise(line.annualBudget, weights, `${monthKey(year, m + 1)}-${String(daysInMonth(year, m + 1)).padStart(2, '0')}`),
    );
    const monthly = monthEnds.map((end, m) => money(end - (m === 0 ? 0n : monthEnds[m - 1]), `budget of ${line.code}`));
    const actual = (actualByLine.get(line.code) ?? zeros()).map((v) => money(v, `actual of ${line.code}`));
    const unit = line.volume?.unit ?? null;
    let volume: (number | null)[] | null = null;
    if (unit === 'VARDDYGN') volume = throughAsOf(careDaysByLine.get(line.code) ?? Array<number>(12).fill(0));
    if (unit === 'HUSHALLSMANADER') {
      const counts = Array<number>(12).fill(0);
      for (const { month, households } of input.households?.[line.code] ?? []) {
        const i = monthIndexOf(month, year, `households of ${line.code}`);
        if (i <= lastMonth) counts[i] += households;
      }
      volume = throughAsOf(counts);
    }
    return {
      code: line.code,
      name: line.name,
      frame: line.frame,
      area: line.area,
      volumeUnit: unit,
      annualBudget: money(line.annualBudget, `annual budget of ${line.code}`),
      budget: monthly,
      actual: throughAsOf(actual),
      volume,
    };
  });

  const unclassified = throughAsOf((actualByLine.get(UNCLASSIFIED_LINE) ?? zeros()).map((v) => money(v, 'unclassified')));
  const sumMonths = (rows: readonly (readonly (number | null)[])[]): (number | null)[] =>
    Array.from({ length: 12 }, (_, m) => (m > lastMonth ? null : rows.reduce<number>((s, r) => s + (r[m] ?? 0), 0)));
  return {
    year,
    asOf,
    knownAt,
    currency: 'SEK',
    unit: 'ore',
    months: Array.from({ length: 12 }, (_, m) => monthKey(year, m + 1)),
    lines,
    unclassified: { actual: unclassified },
    total: {
      budget: Array.from({ length: 12 }, (_, m) => lines.reduce((s, l) => s + l.budget[m], 0)),
      actual: sumMonths([...lines.map((l) => l.actual), unclassified]),
    },
  };
}

/**
 * The series as the ekonom role reads it (README "Small counts"): a line's volume is its published
 * months (null after the last published one), or withheld altogether (P2).
 */
export function monthlyForReader(series: MonthlySeries, published: PublishedVolumes): MonthlySeries {
  return {
    ...series,
    volumesPublished: { through: published.through, knownAt: published.knownAt },
    lines: series.lines.map((l) => {
      if (l.volume === null) return l;
      const shown = shownVolumes(published, l.code);
      if (shown === null) return { ...l, volume: l.volume.map(() => null), volumeSuppressed: true };
      return { ...l, volume: l.volume.map((_, i) => (i < shown.months.length ? shown.months[i] : null)) };
    }),
  };
}
