import type { Ore } from '@ramprognos/money';

/*
 * What the report is computed from, in the shapes of docs/forecast-query-api.md. Amounts arrive
 * as öre in decimal integer strings (JSON numbers are not exact above 2^53) and are parsed here.
 */

export interface ActualsMonth {
  /** `YYYY-MM`. */
  readonly month: string;
  /** Net öre, decimal integer string. */
  readonly amount: string;
  /** Placement days (vårddygn) of the key in the month; placements keys only. */
  readonly careDays?: number;
}

/** `GET /v1/actuals?year&asOf&knownAt`. */
export interface ActualsResponse {
  readonly year: number;
  readonly asOf: string;
  readonly knownAt: string;
  readonly keys: readonly { readonly key: string; readonly months: readonly ActualsMonth[] }[];
}

/** The `groups` of the `POST /v1/queries/households` reply: line code → distinct households per month. */
export type HouseholdsByLine = Readonly<
  Record<string, readonly { readonly month: string; readonly households: number }[]>
>;

/** One key of `GET /v1/forecasts` (the `keys` of `se.socialtjanst.forecast.published.v1`). */
export interface KeyForecast {
  readonly key: string;
  readonly forecastFullYear: string | bigint;
  readonly low: string | bigint;
  readonly high: string | bigint;
  readonly method: string;
  /** Full-year volume of the key in its unit (vårddygn for placements), or null. */
  readonly volume: number | null;
  readonly unitCost?: string | bigint | null;
}

export type GroupBy = 'line' | 'frame' | 'area';

const ORE_INTEGER = /^-?(?:0|[1-9][0-9]{0,20})$/;

export function oreOf(value: string | bigint, what: string): Ore {
  if (typeof value === 'bigint') return value;
  if (!ORE_INTEGER.test(value)) throw new RangeError(`${what} must be öre as a decimal integer string`);
  return BigInt(value);
}

export function monthIndexOf(month: string, year: number, what: string): number {
  const index = Number(month.slice(5, 7)) - 1;
  if (!/^[0-9]{4}-[0-9]{2}$/.test(month) || Number(month.slice(0, 4)) !== year || index < 0 || index > 11) {
    throw new RangeError(`${what}: month must be YYYY-MM in ${year}`);
  }
  return index;
}

/** Per key: net öre and care days through asOf (months after asOf's are a contract breach). */
export interface KeyActuals {
  readonly amount: Ore;
  readonly careDays: number;
}

export function actualsByKey(actuals: ActualsResponse, year: number, asOf: string): Map<string, KeyActuals> {
  if (actuals.year !== year || actuals.asOf !== asOf) {
    throw new RangeError(
      `actuals are for ${actuals.year} through ${actuals.asOf}, the report for ${year} through ${asOf}`,
    );
  }
  const lastMonth = Number(asOf.slice(5, 7)) - 1;
  const result = new Map<string, KeyActuals>();
  for (const { key, months } of actuals.keys) {
    let amount = result.get(key)?.amount ?? 0n;
    let careDays = result.get(key)?.careDays ?? 0;
    for (const month of months) {
      if (monthIndexOf(month.month, year, `actuals of ${key}`) > lastMonth) {
        throw new RangeError(`actuals of ${key} have a month after asOf`);
      }
      amount += oreOf(month.amount, `actuals of ${key}`);
      careDays += careDaysOf(month.careDays, key);
    }
    result.set(key, { amount, careDays });
  }
  return result;
}

function careDaysOf(value: number | undefined, key: string): number {
  if (value === undefined) return 0;
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`careDays of ${key} must be a whole number ≥ 0`);
  return value;
}

/** Per key: net öre per calendar month summed over every earlier year given (HISTORICAL profiles). */
export function historicalByKey(responses: readonly ActualsResponse[], year: number): Map<string, Ore[]> {
  const result = new Map<string, Ore[]>();
  const years = new Set<number>();
  for (const response of responses) {
    if (response.year >= year) throw new RangeError(`historical actuals must be of years before ${year}`);
    if (response.asOf !== `${response.year}-12-31`)
      throw new RangeError('historical actuals must run to 31 December');
    if (years.has(response.year))
      throw new RangeError(`historical actuals of ${response.year} are given twice`);
    years.add(response.year);
    for (const { key, months } of response.keys) {
      const byMonth = result.get(key) ?? Array<Ore>(12).fill(0n);
      for (const month of months) {
        byMonth[monthIndexOf(month.month, response.year, `historical actuals of ${key}`)] += oreOf(
          month.amount,
          key,
        );
      }
      result.set(key, byMonth);
    }
  }
  return result;
}

/** Household-months through asOf per line (SPEC §5 HUSHALLSMANADER). */
export function householdMonthsByLine(
  households: HouseholdsByLine,
  year: number,
  asOf: string,
): Map<string, number> {
  const lastMonth = Number(asOf.slice(5, 7)) - 1;
  const result = new Map<string, number>();
  for (const [line, months] of Object.entries(households)) {
    let total = 0;
    for (const { month, households: count } of months) {
      if (!Number.isSafeInteger(count) || count < 0)
        throw new RangeError(`households of ${line} must be whole numbers ≥ 0`);
      if (monthIndexOf(month, year, `households of ${line}`) <= lastMonth) total += count;
    }
    result.set(line, total);
  }
  return result;
}
