import { createHash } from 'node:crypto';
import type { VolumeUnit } from '../budgets';
import { monthlyForReader, type MonthlySeries } from '../dashboard/monthly-series/compute-monthly-series';
import type { BudgetDeviationView } from '../reports/budget-deviation/budget-deviation-view';
import type { GroupBy } from '../reports/budget-deviation';
import {
  NOTHING_PUBLISHED,
  suppressSmallCounts,
  type PublishedVolumes,
} from '../reports/suppression/suppress-small-counts';

/*
 * The figures of a round, captured once when it is opened (asOf, knownAt = the opening instant)
 * and never recomputed: the three groupings of the budget-deviation report, the monthly series
 * the charts draw, and the budget's structure (names, which frames are accountable). Late events
 * for the period change the live report, never a round.
 */

export interface RoundBudget {
  readonly year: number;
  readonly label: string | null;
  readonly frames: readonly { readonly code: string; readonly name: string; readonly accountable: boolean }[];
  readonly areas: readonly { readonly code: string; readonly name: string }[];
  readonly lines: readonly {
    readonly code: string;
    readonly name: string;
    readonly frame: string;
    readonly area: string;
    readonly volumeUnit: VolumeUnit | null;
  }[];
}

export interface RoundSnapshot {
  readonly year: number;
  readonly asOf: string;
  readonly knownAt: string;
  readonly budget: RoundBudget;
  /** As a controller reads them (nothing suppressed); `forReader` applies the small-count rule. */
  readonly reports: Readonly<Record<GroupBy, BudgetDeviationView>>;
  readonly monthly: MonthlySeries;
  /**
   * The volumes published by the opening instant for asOf (README "Small counts"): what the ekonom
   * role is shown of counts. Absent in rounds opened before volumes were published; they show none.
   */
  readonly published?: PublishedVolumes;
}

/** JSON with object keys sorted at every level: PostgreSQL's jsonb does not keep key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function snapshotDigest(snapshot: RoundSnapshot): string {
  return `sha256:${createHash('sha256').update(canonicalJson(snapshot)).digest('hex')}`;
}

/** The line codes a round is commented and approved on: the line rows of the snapshot, in report order. */
export function roundLines(snapshot: RoundSnapshot): string[] {
  return snapshot.reports.line.rows.map((row) => row.code);
}

/**
 * The snapshot as a role that may not see counts of 1–4 reads it (SPEC §8), by the same rule as
 * the live report: the volumes published by the round's opening, each line's withheld when any of
 * its published months is 1–4, and the volume/price split only where it gives nothing more away.
 */
export function forReader(snapshot: RoundSnapshot, seesSmallCounts: boolean): RoundSnapshot {
  if (seesSmallCounts) return snapshot;
  const published = snapshot.published ?? NOTHING_PUBLISHED;
  const lineRows = snapshot.reports.line.rows;
  const accountableFrames = new Set(snapshot.budget.frames.filter((f) => f.accountable).map((f) => f.code));
  const accountable = new Set(snapshot.budget.lines.filter((l) => accountableFrames.has(l.frame)).map((l) => l.code));
  const suppress = (view: BudgetDeviationView) => suppressSmallCounts(view, lineRows, published, accountable);
  const { published: _, ...figures } = snapshot;
  return {
    ...figures,
    reports: {
      frame: suppress(snapshot.reports.frame),
      area: suppress(snapshot.reports.area),
      line: suppress(snapshot.reports.line),
    },
    monthly: monthlyForReader(snapshot.monthly, published),
  };
}
