import { BadGatewayException } from '@nestjs/common';
import { decimalToRational, type Ore } from '@ramprognos/money';
import { errorBody } from '@ramprognos/service-kit';
import { UNCLASSIFIED_LINE, type BudgetVolume } from '../../budgets';
import { ratio, roundRational, times } from '../../budgets/exact';
import { classifyKeyIds, type ClassifiableLine } from '../../classification';
import { oreOf, type KeyForecast } from './inputs';

/*
 * From the forecast service's answers (GET /v1/forecasts, /v1/snapshots) to the report's inputs.
 * Pure: the HTTP shell fetches, this decides what the figures mean.
 */

/** One key of `GET /v1/forecasts` or of a snapshot, as the forecast service sends it. */
export interface ForecastKeyInput {
  readonly key: string;
  readonly forecastFullYear: string;
  readonly low: string;
  readonly high: string;
  readonly method: string;
  /** `{unit, actualYtd, forecastFullYear}` from the engine; a bare number is the full-year volume. */
  readonly volume:
    | null
    | number
    | { readonly unit: string; readonly actualYtd?: number | null; readonly forecastFullYear: number | null };
  readonly unitCost?: string | null;
}

export interface SnapshotRef {
  readonly id: string;
  readonly asOf: string;
  readonly knownAt?: string;
}

type VolumeLine = ClassifiableLine & { readonly volume?: BudgetVolume };

/** The keys in the shape `computeBudgetDeviation` takes: volume = the key's full-year volume. */
export function keyForecastsOf(keys: readonly ForecastKeyInput[]): KeyForecast[] {
  return keys.map((k) => ({
    key: k.key,
    forecastFullYear: k.forecastFullYear,
    low: k.low,
    high: k.high,
    method: k.method,
    volume: k.volume === null || typeof k.volume === 'number' ? k.volume : k.volume.forecastFullYear,
    unitCost: k.unitCost ?? null,
  }));
}

/**
 * Full-year household-months of each HUSHALLSMANADER line. Key volumes cannot be added (one
 * household paid on two categories of a line is one household-month on the line, two on the
 * keys), so the line's own household-months so far (the households query) are grown by its keys'
 * forecast growth: round(line actual × Σ key forecast ÷ Σ key actual). A line whose keys do not
 * all carry both volumes gets none (no volume/price split). With nothing so far on any key, only
 * a single-key line can take its key's forecast as it is.
 */
export function householdForecastVolumes(
  lines: readonly VolumeLine[],
  keys: readonly ForecastKeyInput[],
  actualHouseholdMonths: ReadonlyMap<string, number>,
): Record<string, number> {
  const classification = classifyKeyIds(
    lines,
    keys.map((k) => k.key),
  );
  const result: Record<string, number> = {};
  for (const line of lines) {
    if (line.volume?.unit !== 'HUSHALLSMANADER') continue;
    const own = keys.filter((k) => classification.get(k.key) === line.code && /(^|\|)category=/.test(k.key));
    if (own.length === 0) continue;
    const volumes = own.map((k) => k.volume);
    if (
      volumes.some(
        (v) => v === null || typeof v === 'number' || v.forecastFullYear === null || v.actualYtd == null,
      )
    ) {
      continue;
    }
    const objects = volumes as { actualYtd: number; forecastFullYear: number }[];
    const sumActual = objects.reduce((s, v) => s + v.actualYtd, 0);
    const sumForecast = objects.reduce((s, v) => s + v.forecastFullYear, 0);
    const actual = actualHouseholdMonths.get(line.code) ?? 0;
    if (sumActual > 0) {
      const growth = exact(sumForecast);
      const base = exact(sumActual);
      result[line.code] = Number(
        roundRational(times(times(ratio(BigInt(actual)), growth), ratio(base.den, base.num))),
      );
    } else if (actual === 0 && own.length === 1) {
      result[line.code] = sumForecast;
    }
  }
  return result;
}

function exact(value: number): { num: bigint; den: bigint } {
  const { num, den } = decimalToRational(value);
  return ratio(num, den);
}

/**
 * The snapshot a report compares with: the latest with asOf before the report's asOf that was
 * known at the report's knownAt (a snapshot published later did not exist yet at that knowledge
 * time). Among equal asOf the later knownAt, then the later in the list.
 */
export function previousSnapshotOf<S extends SnapshotRef>(
  snapshots: readonly S[],
  asOf: string,
  knownAt: string,
): S | null {
  const limit = Date.parse(knownAt);
  let best: S | null = null;
  for (const snapshot of snapshots) {
    if (snapshot.asOf >= asOf) continue;
    if (snapshot.knownAt !== undefined && !(Date.parse(snapshot.knownAt) <= limit)) continue;
    if (
      best === null ||
      snapshot.asOf > best.asOf ||
      (snapshot.asOf === best.asOf && instant(snapshot.knownAt) >= instant(best.knownAt))
    ) {
      best = snapshot;
    }
  }
  return best;
}

function instant(value: string | undefined): number {
  return value === undefined ? -Infinity : Date.parse(value);
}

/**
 * The final forecast per line as that snapshot showed it: Σ of its keys classified with today's
 * rules, plus the forecast adjustments in force at its asOf. Every line is present (0 without
 * keys), so the previous forecast deviation is known for every row; OKLASSIFICERAT collects the rest.
 */
export function previousForecastOf(
  lines: readonly ClassifiableLine[],
  keys: readonly ForecastKeyInput[],
  adjustments: Readonly<Record<string, Ore>>,
): Record<string, Ore> {
  const result: Record<string, Ore> = { [UNCLASSIFIED_LINE]: 0n };
  for (const line of lines) result[line.code] = 0n;
  const classification = classifyKeyIds(
    lines,
    keys.map((k) => k.key),
  );
  for (const k of keys) {
    const line = classification.get(k.key) ?? UNCLASSIFIED_LINE;
    result[line] += oreOf(k.forecastFullYear, `snapshot forecast of ${k.key}`);
  }
  for (const [line, amount] of Object.entries(adjustments)) {
    if (Object.prototype.hasOwnProperty.call(result, line) && line !== UNCLASSIFIED_LINE)
      result[line] += amount;
  }
  return result;
}

/** The inputs come from the forecast service: one that breaks the contract is its fault (502), not ours. */
export function fromForecast<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof RangeError) {
      throw new BadGatewayException(
        errorBody({
          field: 'forecast',
          message: `the forecast service's figures cannot be used: ${error.message}`,
        }),
      );
    }
    throw error;
  }
}
