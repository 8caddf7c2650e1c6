import { isCivilDate } from '@ramprognos/calendar';
import { parseClassificationKeyId } from '@ramprognos/contracts';
import { decimalToRational, type Ore, type Rational } from '@ramprognos/money';
import {
  UNCLASSIFIED_LINE,
  budgetAsOf,
  periodise,
  profileWeights,
  type BudgetLineAsOf,
  type BudgetState,
  type VolumeUnit,
} from '../../budgets';
import { minus, plus, ratio, roundRational, times, ZERO } from '../../budgets/exact';
import { classifyKeyIds, orderedFields, sortKeyOf } from '../../classification';
import {
  actualsByKey,
  historicalByKey,
  householdMonthsByLine,
  oreOf,
  type ActualsResponse,
  type GroupBy,
  type HouseholdsByLine,
  type KeyForecast,
} from './inputs';

export interface BudgetDeviationInput {
  readonly budget: BudgetState;
  readonly year: number;
  /** `YYYY-MM-DD` in `year`. */
  readonly asOf: string;
  /** The knowledge time the actuals were asked for; echoed. */
  readonly knownAt: string;
  readonly groupBy: GroupBy;
  /** `GET /v1/actuals` for (year, asOf, knownAt). */
  readonly actuals: ActualsResponse;
  /** `GET /v1/actuals` of each earlier year (asOf its 31 December, same knownAt); HISTORICAL profiles. */
  readonly historicalActuals?: readonly ActualsResponse[];
  /** Households per line and month (HUSHALLSMANADER lines). */
  readonly households?: HouseholdsByLine;
  /** The statistical forecast per key; absent = no forecast columns (all null). */
  readonly forecast?: readonly KeyForecast[];
  /** The controller's judgement per line (Σ of the forecast adjustments that count), öre. */
  readonly forecastAdjustments?: Readonly<Record<string, Ore>>;
  /** Final full-year forecast per line of the previous forecast (OKLASSIFICERAT allowed), öre. */
  readonly previousForecast?: Readonly<Record<string, Ore>>;
  /**
   * Full-year volume per line, where the forecast has it per line rather than per key. Needed
   * for HUSHALLSMANADER: a household with components on several keys of one line is one
   * household-month, so key volumes cannot be added up. VARDDYGN lines fall back to Σ of
   * their placements keys' volumes.
   */
  readonly forecastVolumes?: Readonly<Record<string, number>>;
}

/** Every figure of a row; money in öre. Forecast figures are null when there is no forecast. */
export interface DeviationFigures {
  readonly annualBudget: Ore;
  readonly budgetYtd: Ore;
  readonly actualYtd: Ore;
  readonly deviationYtd: Ore;
  readonly forecastStatistical: Ore | null;
  readonly forecastAdjustment: Ore | null;
  readonly forecastFullYear: Ore | null;
  readonly forecastDeviation: Ore | null;
  readonly forecastLow: Ore | null;
  readonly forecastHigh: Ore | null;
  readonly previousForecastDeviation: Ore | null;
  readonly volumeEffect: Ore | null;
  readonly priceEffect: Ore | null;
}

export interface VolumeFigures {
  readonly unit: VolumeUnit;
  readonly budget: number;
  readonly actualYtd: number;
  readonly forecastFullYear: number | null;
}

export interface DeviationRow extends DeviationFigures {
  readonly code: string;
  readonly name: string;
  /** Line rows only. */
  readonly frame?: string;
  readonly area?: string;
  readonly volume: VolumeFigures | null;
  readonly method: string | null;
}

export interface UnclassifiedKey {
  readonly key: string;
  readonly stream: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly actualYtd: Ore;
  readonly forecastFullYear: Ore | null;
}

export interface BudgetDeviationReport {
  readonly year: number;
  readonly asOf: string;
  readonly knownAt: string;
  readonly groupBy: GroupBy;
  /** Sorted by code; OKLASSIFICERAT is never a row. */
  readonly rows: readonly DeviationRow[];
  /** Σ line rows + the unclassified amounts as a row with budget 0. */
  readonly total: DeviationFigures;
  /** Σ line rows by their frame's `accountable`; unclassified is in neither. */
  readonly subtotals: { readonly accountable: DeviationFigures; readonly notAccountable: DeviationFigures };
  readonly unclassified: {
    readonly actualYtd: Ore;
    readonly forecastFullYear: Ore | null;
    readonly forecastLow: Ore | null;
    readonly forecastHigh: Ore | null;
    readonly items: readonly UnclassifiedKey[];
  };
}

interface LineForecast {
  statistical: Ore;
  low: Ore;
  high: Ore;
  methods: Set<string>;
  careDays: Rational;
  careDaysKnown: boolean;
}

const newForecast = (): LineForecast => ({
  statistical: 0n,
  low: 0n,
  high: 0n,
  methods: new Set(),
  careDays: ZERO,
  careDaysKnown: true,
});

function volumeRational(value: number, what: string): Rational {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${what} must be a finite number ≥ 0`);
  const { num, den } = decimalToRational(value);
  return ratio(num, den);
}

function toNumber(value: Rational): number {
  return value.den === 1n ? Number(value.num) : Number(value.num) / Number(value.den);
}

/**
 * SPEC §6 volume/price split of a line's forecast deviation: volumeEffect = (budget volume −
 * forecast volume) × budget unit price, rounded per line; priceEffect is what remains, so the
 * two add up to forecastDeviation exactly. Positive helps the överskott.
 */
export function volumePriceEffects(
  annualBudget: Ore,
  budgetVolume: Rational,
  forecastVolume: Rational,
  forecastDeviation: Ore,
): { volumeEffect: Ore; priceEffect: Ore } {
  if (budgetVolume.num <= 0n) throw new RangeError('the budgeted volume must be greater than zero');
  const volumeEffect = roundRational(
    times(
      times(minus(budgetVolume, forecastVolume), ratio(annualBudget)),
      ratio(budgetVolume.den, budgetVolume.num),
    ),
  );
  return { volumeEffect, priceEffect: forecastDeviation - volumeEffect };
}

/** A line code such as "constructor" must not find Object.prototype's. */
function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function checkLines(
  record: Readonly<Record<string, unknown>> | undefined,
  lines: ReadonlySet<string>,
  what: string,
): void {
  for (const code of Object.keys(record ?? {})) {
    if (!lines.has(code)) throw new RangeError(`${what} names ${code}, which is not a line of the budget`);
  }
}

/** The budget-deviation report of SPEC §8 for one (year, asOf, knownAt), all money bigint öre. */
export function computeBudgetDeviation(input: BudgetDeviationInput): BudgetDeviationReport {
  const { year, asOf, knownAt, groupBy } = input;
  if (!isCivilDate(asOf) || Number(asOf.slice(0, 4)) !== year)
    throw new RangeError(`asOf must be a date in ${year}`);
  const budget = budgetAsOf(input.budget, asOf);
  if (budget.year !== year) throw new RangeError(`the budget is for ${budget.year}, the report for ${year}`);
  const lineCodes = new Set(budget.lines.map((l) => l.code));
  checkLines(input.forecastAdjustments, lineCodes, 'forecastAdjustments');
  checkLines(input.previousForecast, new Set([...lineCodes, UNCLASSIFIED_LINE]), 'previousForecast');
  checkLines(input.forecastVolumes, lineCodes, 'forecastVolumes');

  const actual = actualsByKey(input.actuals, year, asOf);
  const history = historicalByKey(input.historicalActuals ?? [], year);
  const households = householdMonthsByLine(input.households ?? {}, year, asOf);
  const forecastKeys = input.forecast ?? [];
  const classification = classifyKeyIds(budget.lines, [
    ...actual.keys(),
    ...history.keys(),
    ...forecastKeys.map((f) => f.key),
  ]);
  const lineOfKey = (key: string): string => classification.get(key) ?? UNCLASSIFIED_LINE;

  // ---- per line: actual, care days, history, forecast
  const actualByLine = new Map<string, Ore>();
  const careDaysByLine = new Map<string, number>();
  for (const [key, figures] of actual) {
    const line = lineOfKey(key);
    actualByLine.set(line, (actualByLine.get(line) ?? 0n) + figures.amount);
    if (key.startsWith('placements|'))
      careDaysByLine.set(line, (careDaysByLine.get(line) ?? 0) + figures.careDays);
  }
  const historyByLine = new Map<string, Ore[]>();
  for (const [key, months] of history) {
    const line = lineOfKey(key);
    const sum = historyByLine.get(line) ?? Array<Ore>(12).fill(0n);
    months.forEach((amount, m) => (sum[m] += amount));
    historyByLine.set(line, sum);
  }
  const forecastByLine = new Map<string, LineForecast>();
  const forecastByKey = new Map<string, KeyForecast>();
  for (const f of forecastKeys) {
    if (forecastByKey.has(f.key)) throw new RangeError(`the forecast has key ${f.key} twice`);
    forecastByKey.set(f.key, f);
    const line = lineOfKey(f.key);
    const entry = forecastByLine.get(line) ?? newForecast();
    entry.statistical += oreOf(f.forecastFullYear, `forecast of ${f.key}`);
    entry.low += oreOf(f.low, `forecast low of ${f.key}`);
    entry.high += oreOf(f.high, `forecast high of ${f.key}`);
    entry.methods.add(f.method);
    if (f.key.startsWith('placements|')) {
      if (f.volume === null) entry.careDaysKnown = false;
      else entry.careDays = plus(entry.careDays, volumeRational(f.volume, `forecast volume of ${f.key}`));
    }
    forecastByLine.set(line, entry);
  }

  const hasForecast = input.forecast !== undefined;
  const lineRow = (line: BudgetLineAsOf, accountable: boolean): DeviationRow & { accountable: boolean } => {
    const annualBudget = line.annualBudget;
    const weights = profileWeights(
      line.profile,
      year,
      historyByLine.get(line.code) ?? Array<Ore>(12).fill(0n),
    );
    const budgetYtd = periodise(annualBudget, weights, asOf);
    const actualYtd = actualByLine.get(line.code) ?? 0n;
    const f = hasForecast ? (forecastByLine.get(line.code) ?? newForecast()) : null;
    const adjustment = f === null ? null : (own(input.forecastAdjustments, line.code) ?? 0n);
    const finalForecast = f === null || adjustment === null ? null : f.statistical + adjustment;
    const forecastDeviation = finalForecast === null ? null : annualBudget - finalForecast;
    const previous = own(input.previousForecast, line.code);

    let volume: VolumeFigures | null = null;
    let effects: { volumeEffect: Ore | null; priceEffect: Ore | null } = {
      volumeEffect: null,
      priceEffect: null,
    };
    if (line.volume !== undefined) {
      const override = own(input.forecastVolumes, line.code);
      const forecastVolume =
        f === null
          ? null
          : override !== undefined
            ? volumeRational(override, `forecastVolumes.${line.code}`)
            : line.volume.unit === 'VARDDYGN' && f.careDaysKnown
              ? f.careDays
              : null;
      volume = {
        unit: line.volume.unit,
        budget: line.volume.annual,
        actualYtd:
          line.volume.unit === 'VARDDYGN'
            ? (careDaysByLine.get(line.code) ?? 0)
            : (households.get(line.code) ?? 0),
        forecastFullYear: forecastVolume === null ? null : toNumber(forecastVolume),
      };
      if (forecastVolume !== null && forecastDeviation !== null) {
        effects = volumePriceEffects(
          annualBudget,
          volumeRational(line.volume.annual, `volume of ${line.code}`),
          forecastVolume,
          forecastDeviation,
        );
      }
    }
    return {
      code: line.code,
      name: line.name,
      frame: line.frame,
      area: line.area,
      accountable,
      annualBudget,
      budgetYtd,
      actualYtd,
      deviationYtd: budgetYtd - actualYtd,
      forecastStatistical: f === null ? null : f.statistical,
      forecastAdjustment: adjustment,
      forecastFullYear: finalForecast,
      forecastDeviation,
      forecastLow: f === null || adjustment === null ? null : f.low + adjustment,
      forecastHigh: f === null || adjustment === null ? null : f.high + adjustment,
      previousForecastDeviation: previous === undefined ? null : annualBudget - previous,
      ...effects,
      volume,
      method: f === null || f.methods.size === 0 ? null : [...f.methods].sort().join('+'),
    };
  };

  const accountableFrames = new Set(budget.frames.filter((fr) => fr.accountable).map((fr) => fr.code));
  const lineRows = budget.lines.map((line) => lineRow(line, accountableFrames.has(line.frame)));

  // ---- unclassified: a row with budget 0 in the total, in no frame or area
  const unclassifiedForecast = hasForecast ? (forecastByLine.get(UNCLASSIFIED_LINE) ?? newForecast()) : null;
  const items: UnclassifiedKey[] = [...new Set([...actual.keys(), ...forecastByKey.keys()])]
    .filter((key) => lineOfKey(key) === UNCLASSIFIED_LINE)
    .map((key) => ({ parsed: parseClassificationKeyId(key), key }))
    .sort((a, b) => compare(sortKeyOf(a.parsed), sortKeyOf(b.parsed)))
    .map(({ parsed, key }) => {
      const f = forecastByKey.get(key);
      return {
        key,
        stream: parsed.stream,
        fields: Object.fromEntries(orderedFields(parsed)),
        actualYtd: actual.get(key)?.amount ?? 0n,
        forecastFullYear: !hasForecast ? null : f === undefined ? 0n : oreOf(f.forecastFullYear, key),
      };
    });
  const unclassifiedActual = actualByLine.get(UNCLASSIFIED_LINE) ?? 0n;
  const previousUnclassified = own(input.previousForecast, UNCLASSIFIED_LINE) ?? 0n;
  const unclassifiedRow: DeviationFigures = {
    annualBudget: 0n,
    budgetYtd: 0n,
    actualYtd: unclassifiedActual,
    deviationYtd: -unclassifiedActual,
    forecastStatistical: unclassifiedForecast?.statistical ?? null,
    forecastAdjustment: unclassifiedForecast === null ? null : 0n,
    forecastFullYear: unclassifiedForecast?.statistical ?? null,
    forecastDeviation: unclassifiedForecast === null ? null : -unclassifiedForecast.statistical,
    forecastLow: unclassifiedForecast?.low ?? null,
    forecastHigh: unclassifiedForecast?.high ?? null,
    previousForecastDeviation: input.previousForecast === undefined ? null : -previousUnclassified,
    volumeEffect: null,
    priceEffect: null,
  };

  const sums = (rows: readonly DeviationFigures[]): DeviationFigures =>
    sumFigures(rows, { hasForecast, hasPrevious: input.previousForecast !== undefined });
  const groups: readonly { code: string; name: string }[] =
    groupBy === 'frame' ? budget.frames : groupBy === 'area' ? budget.areas : [];
  const rows: DeviationRow[] =
    groupBy === 'line'
      ? lineRows.map(({ accountable: _, ...row }) => row)
      : groups.map((g) => ({
          code: g.code,
          name: g.name,
          ...sums(lineRows.filter((r) => r[groupBy] === g.code)),
          volume: null,
          method: null,
        }));

  return {
    year,
    asOf,
    knownAt,
    groupBy,
    rows: rows.sort((a, b) => compare(a.code, b.code)),
    total: sums([...lineRows, unclassifiedRow]),
    subtotals: {
      accountable: sums(lineRows.filter((r) => r.accountable)),
      notAccountable: sums(lineRows.filter((r) => !r.accountable)),
    },
    unclassified: {
      actualYtd: unclassifiedActual,
      forecastFullYear: unclassifiedRow.forecastFullYear,
      forecastLow: unclassifiedRow.forecastLow,
      forecastHigh: unclassifiedRow.forecastHigh,
      items,
    },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Totals are sums of the rounded rows (SPEC §6). Forecast figures are all there or all null;
 * previousForecastDeviation is null when any row lacks it (a partial sum would look like a
 * change); volume and price effects cover only the lines with a volume, so their sum is over
 * the rows that have them ("of which volume"), null when none has.
 */
function sumFigures(
  rows: readonly DeviationFigures[],
  known: { readonly hasForecast: boolean; readonly hasPrevious: boolean },
): DeviationFigures {
  const total = (field: keyof DeviationFigures): Ore => rows.reduce((s, r) => s + (r[field] ?? 0n), 0n);
  const strict = (field: keyof DeviationFigures, available: boolean): Ore | null =>
    !available || rows.some((r) => r[field] === null) ? null : total(field);
  const partial = (field: keyof DeviationFigures): Ore | null =>
    rows.some((r) => r[field] !== null) ? total(field) : null;
  return {
    annualBudget: total('annualBudget'),
    budgetYtd: total('budgetYtd'),
    actualYtd: total('actualYtd'),
    deviationYtd: total('deviationYtd'),
    forecastStatistical: strict('forecastStatistical', known.hasForecast),
    forecastAdjustment: strict('forecastAdjustment', known.hasForecast),
    forecastFullYear: strict('forecastFullYear', known.hasForecast),
    forecastDeviation: strict('forecastDeviation', known.hasForecast),
    forecastLow: strict('forecastLow', known.hasForecast),
    forecastHigh: strict('forecastHigh', known.hasForecast),
    previousForecastDeviation: strict('previousForecastDeviation', known.hasPrevious),
    volumeEffect: partial('volumeEffect'),
    priceEffect: partial('priceEffect'),
  };
}
