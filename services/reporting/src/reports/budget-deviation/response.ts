import type { Ore } from '@ramprognos/money';
import type {
  BudgetDeviationReport,
  DeviationFigures,
  DeviationRow,
  VolumeFigures,
} from './compute-budget-deviation';

/*
 * The JSON of `GET /v1/reports/budget-deviation` (SPEC §8): "all amounts integers in öre". JSON
 * numbers are exact up to 2^53 öre (90 billion SEK, far above any municipality's budget); a
 * figure beyond that is refused rather than silently rounded.
 */

export type FiguresJson = {
  readonly [K in keyof DeviationFigures]: DeviationFigures[K] extends Ore ? number : number | null;
};

export interface RowJson extends FiguresJson {
  readonly code: string;
  readonly name: string;
  readonly frame?: string;
  readonly area?: string;
  readonly volume: VolumeFigures | null;
  readonly method: string | null;
}

export interface BudgetDeviationResponse {
  readonly year: number;
  readonly asOf: string;
  readonly knownAt: string;
  readonly groupBy: BudgetDeviationReport['groupBy'];
  readonly currency: 'SEK';
  readonly unit: 'ore';
  readonly rows: readonly RowJson[];
  readonly total: FiguresJson;
  readonly subtotals: { readonly accountable: FiguresJson; readonly notAccountable: FiguresJson };
  readonly unclassified: {
    readonly actualYtd: number;
    readonly forecastFullYear: number | null;
    readonly forecastLow: number | null;
    readonly forecastHigh: number | null;
    readonly items: readonly {
      readonly key: string;
      readonly stream: string;
      readonly fields: Readonly<Record<string, string>>;
      readonly actualYtd: number;
      readonly forecastFullYear: number | null;
    }[];
  };
}

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

/** öre → JSON number, exact or not at all. */
export function oreToJson(value: Ore, what: string): number {
  if (value > MAX_EXACT || value < -MAX_EXACT)
    throw new RangeError(`${what} is too large to be an exact JSON number`);
  return Number(value);
}

function nullable(value: Ore | null, what: string): number | null {
  return value === null ? null : oreToJson(value, what);
}

function figuresJson(f: DeviationFigures, what: string): FiguresJson {
  return {
    annualBudget: oreToJson(f.annualBudget, `${what}.annualBudget`),
    budgetYtd: oreToJson(f.budgetYtd, `${what}.budgetYtd`),
    actualYtd: oreToJson(f.actualYtd, `${what}.actualYtd`),
    deviationYtd: oreToJson(f.deviationYtd, `${what}.deviationYtd`),
    forecastStatistical: nullable(f.forecastStatistical, `${what}.forecastStatistical`),
    forecastAdjustment: nullable(f.forecastAdjustment, `${what}.forecastAdjustment`),
    forecastFullYear: nullable(f.forecastFullYear, `${what}.forecastFullYear`),
    forecastDeviation: nullable(f.forecastDeviation, `${what}.forecastDeviation`),
    forecastLow: nullable(f.forecastLow, `${what}.forecastLow`),
    forecastHigh: nullable(f.forecastHigh, `${what}.forecastHigh`),
    previousForecastDeviation: nullable(f.previousForecastDeviation, `${what}.previousForecastDeviation`),
    volumeEffect: nullable(f.volumeEffect, `${what}.volumeEffect`),
    priceEffect: nullable(f.priceEffect, `${what}.priceEffect`),
  };
}

function rowJson(row: DeviationRow): RowJson {
  const { code, name, frame, area, volume, method } = row;
  return {
    code,
    name,
    ...(frame === undefined ? {} : { frame }),
    ...(area === undefined ? {} : { area }),
    ...figuresJson(row, `row ${code}`),
    volume,
    method,
  };
}

export function toBudgetDeviationResponse(report: BudgetDeviationReport): BudgetDeviationResponse {
  return {
    year: report.year,
    asOf: report.asOf,
    knownAt: report.knownAt,
    groupBy: report.groupBy,
    currency: 'SEK',
    unit: 'ore',
    rows: report.rows.map(rowJson),
    total: figuresJson(report.total, 'total'),
    subtotals: {
      accountable: figuresJson(report.subtotals.accountable, 'subtotals.accountable'),
      notAccountable: figuresJson(report.subtotals.notAccountable, 'subtotals.notAccountable'),
    },
    unclassified: {
      actualYtd: oreToJson(report.unclassified.actualYtd, 'unclassified.actualYtd'),
      forecastFullYear: nullable(report.unclassified.forecastFullYear, 'unclassified.forecastFullYear'),
      forecastLow: nullable(report.unclassified.forecastLow, 'unclassified.forecastLow'),
      forecastHigh: nullable(report.unclassified.forecastHigh, 'unclassified.forecastHigh'),
      items: report.unclassified.items.map((item) => ({
        key: item.key,
        stream: item.stream,
        fields: item.fields,
        actualYtd: oreToJson(item.actualYtd, `unclassified ${item.key}`),
        forecastFullYear: nullable(item.forecastFullYear, `unclassified ${item.key}`),
      })),
    },
  };
}
