import type { Ore } from '@ramprognos/money';
import { UNCLASSIFIED_LINE, isAdopted, type BudgetState } from '../../budgets';
import { ratio, roundRational } from '../../budgets/exact';
import { classifyKeyIds } from '../../classification';
import {
  adjustmentAmounts,
  adjustmentsInForce,
  type ForecastAdjustment,
} from '../../forecast-adjustments/forecast-adjustment';
import { actualsByKey, oreToJson, type ActualsResponse } from '../budget-deviation';
import type { ForecastKeyInput } from '../budget-deviation/forecast-inputs';
import { oreOf } from '../budget-deviation/inputs';

/*
 * Prognossäkerhet (SPEC §7–8): each published forecast (snapshot) per line and frame against the
 * outcome. The outcome is the year's actual net cost through 31 December once the year is over,
 * before that the latest actuals (then `final` is false and the "error" is mostly the part of the
 * year still to come). The forecast is what the snapshot's report showed: its keys classified
 * with the budget's rules, plus the controllers' adjustments in force at the snapshot's asOf.
 */

export interface AccuracySnapshot {
  readonly id: string;
  readonly asOf: string;
  readonly knownAt?: string;
  readonly keys: readonly ForecastKeyInput[];
}

export interface ForecastAccuracyInput {
  readonly budget: BudgetState;
  readonly year: number;
  readonly outcome: { readonly actuals: ActualsResponse; readonly final: boolean };
  readonly snapshots: readonly AccuracySnapshot[];
  readonly adjustments: readonly ForecastAdjustment[];
}

export interface AccuracyRow {
  readonly code: string;
  readonly name: string;
  readonly forecastStatistical: Ore;
  readonly forecastAdjustment: Ore;
  readonly forecastFullYear: Ore;
  readonly outcome: Ore;
  /** forecastFullYear − outcome: positive = the forecast was too high. */
  readonly error: Ore;
  /** error ÷ |outcome| in per cent, one decimal, halves away from zero; null when the outcome is 0. */
  readonly errorPercent: number | null;
}

export interface SnapshotAccuracy {
  readonly id: string;
  readonly asOf: string;
  readonly knownAt: string | null;
  readonly lines: readonly AccuracyRow[];
  readonly frames: readonly AccuracyRow[];
  readonly unclassified: AccuracyRow;
  /** Σ lines + unclassified. */
  readonly total: AccuracyRow;
}

export interface ForecastAccuracyReport {
  readonly year: number;
  readonly outcome: { readonly asOf: string; readonly knownAt: string; readonly final: boolean };
  /** Oldest first. */
  readonly snapshots: readonly SnapshotAccuracy[];
}

export function errorPercent(error: Ore, outcome: Ore): number | null {
  if (outcome === 0n) return null;
  const magnitude = outcome < 0n ? -outcome : outcome;
  return Number(roundRational(ratio(error * 1000n, magnitude))) / 10;
}

interface Sums {
  statistical: Ore;
  adjustment: Ore;
  outcome: Ore;
}

function row(code: string, name: string, s: Sums): AccuracyRow {
  const forecastFullYear = s.statistical + s.adjustment;
  const error = forecastFullYear - s.outcome;
  return {
    code,
    name,
    forecastStatistical: s.statistical,
    forecastAdjustment: s.adjustment,
    forecastFullYear,
    outcome: s.outcome,
    error,
    errorPercent: errorPercent(error, s.outcome),
  };
}

const add = (a: Sums, b: Sums): Sums => ({
  statistical: a.statistical + b.statistical,
  adjustment: a.adjustment + b.adjustment,
  outcome: a.outcome + b.outcome,
});
const ZERO_SUMS: Sums = { statistical: 0n, adjustment: 0n, outcome: 0n };
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function computeForecastAccuracy(input: ForecastAccuracyInput): ForecastAccuracyReport {
  const { budget, year } = input;
  if (!isAdopted(budget) || budget.year !== year) throw new RangeError(`no budget is adopted for ${year}`);
  const { actuals } = input.outcome;
  const lines = budget.budget.lines;
  const outcomeByKey = actualsByKey(actuals, year, actuals.asOf);
  const keyIds = [...outcomeByKey.keys(), ...input.snapshots.flatMap((s) => s.keys.map((k) => k.key))];
  const classification = classifyKeyIds(lines, keyIds);
  const lineOf = (key: string): string => classification.get(key) ?? UNCLASSIFIED_LINE;

  const outcome = new Map<string, Ore>();
  for (const [key, figures] of outcomeByKey)
    outcome.set(lineOf(key), (outcome.get(lineOf(key)) ?? 0n) + figures.amount);

  const snapshots = [...input.snapshots]
    .sort((a, b) => compare(a.asOf, b.asOf) || compare(a.knownAt ?? '', b.knownAt ?? ''))
    .map((snapshot): SnapshotAccuracy => {
      const statistical = new Map<string, Ore>();
      for (const k of snapshot.keys) {
        const line = lineOf(k.key);
        statistical.set(
          line,
          (statistical.get(line) ?? 0n) + oreOf(k.forecastFullYear, `snapshot ${snapshot.id} ${k.key}`),
        );
      }
      const adjustments = adjustmentAmounts(adjustmentsInForce(input.adjustments, snapshot.asOf));
      const sumsOf = (code: string): Sums => ({
        statistical: statistical.get(code) ?? 0n,
        adjustment: Object.prototype.hasOwnProperty.call(adjustments, code) ? adjustments[code] : 0n,
        outcome: outcome.get(code) ?? 0n,
      });
      const lineRows = lines
        .map((line) => row(line.code, line.name, sumsOf(line.code)))
        .sort((a, b) => compare(a.code, b.code));
      const frames = budget.budget.frames
        .map((frame) =>
          row(
            frame.code,
            frame.name,
            lines
              .filter((l) => l.frame === frame.code)
              .map((l) => sumsOf(l.code))
              .reduce(add, ZERO_SUMS),
          ),
        )
        .sort((a, b) => compare(a.code, b.code));
      const unclassified = sumsOf(UNCLASSIFIED_LINE);
      return {
        id: snapshot.id,
        asOf: snapshot.asOf,
        knownAt: snapshot.knownAt ?? null,
        lines: lineRows,
        frames,
        unclassified: row(UNCLASSIFIED_LINE, 'Oklassificerat', { ...unclassified, adjustment: 0n }),
        total: row(
          'TOTAL',
          'Totalt',
          [...lines.map((l) => sumsOf(l.code)), { ...unclassified, adjustment: 0n }].reduce(add, ZERO_SUMS),
        ),
      };
    });
  return {
    year,
    outcome: { asOf: actuals.asOf, knownAt: actuals.knownAt, final: input.outcome.final },
    snapshots,
  };
}

// ---------------------------------------------------------------- JSON

function rowJson(r: AccuracyRow) {
  return {
    code: r.code,
    name: r.name,
    forecastStatistical: oreToJson(r.forecastStatistical, `${r.code}.forecastStatistical`),
    forecastAdjustment: oreToJson(r.forecastAdjustment, `${r.code}.forecastAdjustment`),
    forecastFullYear: oreToJson(r.forecastFullYear, `${r.code}.forecastFullYear`),
    outcome: oreToJson(r.outcome, `${r.code}.outcome`),
    error: oreToJson(r.error, `${r.code}.error`),
    errorPercent: r.errorPercent,
  };
}

export type AccuracyRowJson = ReturnType<typeof rowJson>;

/** `GET /v1/reports/forecast-accuracy`: amounts integers of öre, like the budget-deviation report. */
export function toForecastAccuracyResponse(report: ForecastAccuracyReport) {
  return {
    year: report.year,
    currency: 'SEK' as const,
    unit: 'ore' as const,
    outcome: report.outcome,
    snapshots: report.snapshots.map((s) => ({
      id: s.id,
      asOf: s.asOf,
      knownAt: s.knownAt,
      lines: s.lines.map(rowJson),
      frames: s.frames.map(rowJson),
      unclassified: rowJson(s.unclassified),
      total: rowJson(s.total),
    })),
  };
}

export type ForecastAccuracyResponse = ReturnType<typeof toForecastAccuracyResponse>;
