import { daysInMonth, fromEpochDay, toEpochDay } from '@ramprognos/calendar';
import { forecastYear } from '../engine/forecast-engine';
import type { Forecast } from '../engine/forecast';
import { ENGINE_PARAMETERS, type EngineParameters } from '../engine/parameters';
import { buildForecastInput } from '../input/build-forecast-input';
import type { ForecastFacts } from '../input/forecast-facts';

/*
 * The back-test (issue «Forecast part 2», item 3): the engine as of each month end of a past
 * year, on what was known a few days after it, against the year's outcome as finally known —
 * per key, per stream and in total — beside the run rate. Absolute percentage errors; a band
 * hit rate for the keys. Pure over a ForecastFacts: the command feeds it generated events.
 */

export interface BackTestOptions {
  readonly year: number;
  /** knownAt = the end of the day this many days after asOf (forecasts are made once the month has closed). */
  readonly knownAtLagDays: number;
  /** The outcome: the year as known at this instant (default: everything). */
  readonly outcomeKnownAt?: string;
  /** Months of asOf (1–12), default all twelve month ends. */
  readonly months?: readonly number[];
  readonly parameters?: EngineParameters;
}

/** Absolute percentage error, in per cent, of the engine and of the run rate. */
export interface ErrorPair {
  readonly engine: number;
  readonly runRate: number;
}

export interface BackTestMonth {
  readonly month: number;
  readonly asOf: string;
  readonly knownAt: string;
  readonly total: ErrorPair;
  readonly payments: ErrorPair;
  readonly placements: ErrorPair;
  readonly ledger: ErrorPair;
  /** Σ|forecast − outcome| / Σ|outcome| over the placements keys (each key's own error, weighted by its size). */
  readonly placementKeys: ErrorPair;
  /** The mean of the placements keys' own APEs, keys of at least 1 % of the placements outcome. */
  readonly placementKeysMean: ErrorPair;
  readonly allKeys: ErrorPair;
  /** Share of keys whose outcome lies in [low, high], weighted by |outcome|; and whether the total's does. */
  readonly bandHitRate: number;
  readonly totalInBand: boolean;
  readonly keys: readonly BackTestKey[];
}

export interface BackTestKey {
  readonly key: string;
  readonly method: string;
  readonly actualYtd: string;
  readonly forecastFullYear: string;
  readonly low: string;
  readonly high: string;
  readonly runRate: string;
  readonly outcome: string;
}

export interface BackTestResult {
  readonly year: number;
  readonly knownAtLagDays: number;
  readonly months: readonly BackTestMonth[];
}

export async function runBackTest(facts: ForecastFacts, options: BackTestOptions): Promise<BackTestResult> {
  const { year } = options;
  const outcomeKnownAt = options.outcomeKnownAt ?? '9999-12-31T23:59:59.999Z';
  const outcomeActuals = await facts.actuals({ year, asOf: `${year}-12-31`, knownAt: outcomeKnownAt });
  const outcome = new Map<string, bigint>();
  for (const [key, months] of outcomeActuals) {
    let sum = 0n;
    for (const m of months.values()) sum += m.amountOre;
    outcome.set(key, sum);
  }
  const months: BackTestMonth[] = [];
  for (const month of options.months ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) {
    const asOf = `${year}-${String(month).padStart(2, '0')}-${String(daysInMonth(year, month)).padStart(2, '0')}`;
    const knownAt = `${fromEpochDay(toEpochDay(asOf) + options.knownAtLagDays)}T23:59:59.999Z`;
    const input = await buildForecastInput(facts, { year, asOf, knownAt });
    const forecast = forecastYear(input, options.parameters ?? ENGINE_PARAMETERS);
    months.push(compare(month, forecast, outcome));
  }
  return { year, knownAtLagDays: options.knownAtLagDays, months };
}

/** One asOf's forecast against the outcome (exported for its unit test). */
export function compare(month: number, forecast: Forecast, outcome: ReadonlyMap<string, bigint>): BackTestMonth {
  const byKey = new Map(forecast.keys.map((k) => [k.key, k]));
  const keys = [...new Set([...byKey.keys(), ...outcome.keys()])].sort();
  const rows: BackTestKey[] = keys.map((key) => {
    const k = byKey.get(key);
    return {
      key,
      method: k?.method ?? 'none',
      actualYtd: (k?.actualYtd ?? 0n).toString(),
      forecastFullYear: (k?.forecastFullYear ?? 0n).toString(),
      low: (k?.low ?? 0n).toString(),
      high: (k?.high ?? 0n).toString(),
      runRate: (k?.baseline.runRate ?? 0n).toString(),
      outcome: (outcome.get(key) ?? 0n).toString(),
    };
  });
  const sumError = (filter: (key: string) => boolean): ErrorPair => {
    let f = 0;
    let r = 0;
    let o = 0;
    for (const row of rows) {
      if (!filter(row.key)) continue;
      f += Number(row.forecastFullYear);
      r += Number(row.runRate);
      o += Number(row.outcome);
    }
    return { engine: ape(f, o), runRate: ape(r, o) };
  };
  const weighted = (filter: (key: string) => boolean): ErrorPair => {
    let f = 0;
    let r = 0;
    let o = 0;
    for (const row of rows) {
      if (!filter(row.key)) continue;
      const out = Number(row.outcome);
      f += Math.abs(Number(row.forecastFullYear) - out);
      r += Math.abs(Number(row.runRate) - out);
      o += Math.abs(out);
    }
    return o === 0 ? { engine: 0, runRate: 0 } : { engine: (100 * f) / o, runRate: (100 * r) / o };
  };
  const isPlacement = (key: string) => key.startsWith('placements|');
  const placementsOutcome = rows.filter((r) => isPlacement(r.key)).reduce((sum, r) => sum + Math.abs(Number(r.outcome)), 0);
  const large = rows.filter((r) => isPlacement(r.key) && Math.abs(Number(r.outcome)) >= 0.01 * placementsOutcome);
  const placementKeysMean: ErrorPair =
    large.length === 0
      ? { engine: 0, runRate: 0 }
      : {
          engine: large.reduce((s, r) => s + ape(Number(r.forecastFullYear), Number(r.outcome)), 0) / large.length,
          runRate: large.reduce((s, r) => s + ape(Number(r.runRate), Number(r.outcome)), 0) / large.length,
        };
  let hit = 0;
  let weight = 0;
  let low = 0n;
  let high = 0n;
  let total = 0n;
  for (const row of rows) {
    const out = BigInt(row.outcome);
    const w = Math.abs(Number(out));
    weight += w;
    if (BigInt(row.low) <= out && out <= BigInt(row.high)) hit += w;
    low += BigInt(row.low);
    high += BigInt(row.high);
    total += out;
  }
  return {
    month,
    asOf: forecast.asOf,
    knownAt: forecast.knownAt,
    total: sumError(() => true),
    payments: sumError((k) => k.startsWith('payments|')),
    placements: sumError(isPlacement),
    ledger: sumError((k) => k.startsWith('ledger|')),
    placementKeys: weighted(isPlacement),
    placementKeysMean,
    allKeys: weighted(() => true),
    bandHitRate: weight === 0 ? 1 : hit / weight,
    totalInBand: low <= total && total <= high,
    keys: rows,
  };
}

function ape(forecast: number, outcome: number): number {
  if (outcome === 0) return forecast === 0 ? 0 : 100;
  return (100 * Math.abs(forecast - outcome)) / Math.abs(outcome);
}

/** Mean of several back-tests (seeds) month by month. */
export function meanOverRuns(runs: readonly BackTestResult[]): BackTestMonth[] {
  if (runs.length === 0) return [];
  return runs[0].months.map((first, i) => {
    const at = runs.map((r) => r.months[i]);
    const mean = (pick: (m: BackTestMonth) => ErrorPair): ErrorPair => ({
      engine: at.reduce((s, m) => s + pick(m).engine, 0) / at.length,
      runRate: at.reduce((s, m) => s + pick(m).runRate, 0) / at.length,
    });
    return {
      ...first,
      total: mean((m) => m.total),
      payments: mean((m) => m.payments),
      placements: mean((m) => m.placements),
      ledger: mean((m) => m.ledger),
      placementKeys: mean((m) => m.placementKeys),
      placementKeysMean: mean((m) => m.placementKeysMean),
      allKeys: mean((m) => m.allKeys),
      bandHitRate: at.reduce((s, m) => s + m.bandHitRate, 0) / at.length,
      totalInBand: at.every((m) => m.totalInBand),
      keys: [],
    };
  });
}

/** The table of the note: MAPE by month of asOf, engine vs run rate. */
export function formatBackTestTable(months: readonly BackTestMonth[], title: string): string {
  const f = (x: number) => x.toFixed(2);
  const pair = (p: ErrorPair) => `${f(p.engine)} | ${f(p.runRate)}`;
  const lines = [
    title,
    '',
    '| asOf | total engine | total run rate | placements engine | placements run rate | placement keys engine | placement keys run rate | payments engine | payments run rate | ledger engine | ledger run rate | band hit |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...months.map(
      (m) =>
        `| ${m.asOf.slice(0, 7)} | ${pair(m.total)} | ${pair(m.placements)} | ${pair(m.placementKeys)} | ${pair(m.payments)} | ${pair(m.ledger)} | ${(100 * m.bandHitRate).toFixed(0)} % |`,
    ),
  ];
  return lines.join('\n');
}
