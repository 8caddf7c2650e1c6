import type { ClassifiableLine } from '../../classification';
import { classifyKeyIds } from '../../classification';
import type { BudgetVolume } from '../../budgets';
import type { ActualsResponse, HouseholdsByLine } from '../budget-deviation';
import type { BudgetDeviationView, FiguresView, RowView } from '../budget-deviation/budget-deviation-view';

/*
 * SPEC §8: counts of people, households, cases or placements between 1 and 4 are not shown to the
 * ekonom role. The rule (services/reporting/README.md, "Small counts"):
 *
 *   R1  A line's household-months or vårddygn (volume.actualYtd, volume.forecastFullYear) in 1..4
 *       are suppressed.
 *   R2  So are they when any single month through asOf (the month of asOf too, as far as it has
 *       run) has 1..4 on the line: reports at consecutive month ends would otherwise give that
 *       month's count as their difference. Every count shown is then a sum of months that are 0
 *       or ≥ 5, and so is every difference between two shown counts of the same knownAt.
 *   R3  A suppressed volume takes the line's volumeEffect and priceEffect with it (they give the
 *       forecast volume back: volumeEffect = (budget volume − forecast volume) × budget price),
 *       and every frame, area, subtotal and total that sums a suppressed line's effects suppresses
 *       its own: the aggregate minus the other rows would give the line's figure back.
 *
 * Money is not a count and is never suppressed; nor is the budgeted volume (a decision, not people).
 */

export const SMALLEST_SHOWN_COUNT = 5;

const isSmall = (value: number | null | undefined): boolean =>
  value !== null && value !== undefined && value > 0 && value < SMALLEST_SHOWN_COUNT;

type VolumeLine = ClassifiableLine & { readonly volume?: BudgetVolume };

/**
 * Per volume line, its count in each month of the year through asOf: distinct households
 * (HUSHALLSMANADER, from the households query) or vårddygn (VARDDYGN, care days of its placements keys).
 */
export function monthlyCounts(
  lines: readonly VolumeLine[],
  actuals: ActualsResponse,
  households: HouseholdsByLine,
  asOf: string,
): Map<string, number[]> {
  const lastMonth = Number(asOf.slice(5, 7));
  const year = asOf.slice(0, 4);
  const index = (month: string): number | null => {
    const m = Number(month.slice(5, 7));
    return month.startsWith(`${year}-`) && m >= 1 && m <= lastMonth ? m - 1 : null;
  };
  const result = new Map<string, number[]>();
  for (const line of lines) if (line.volume !== undefined) result.set(line.code, Array<number>(12).fill(0));
  const classification = classifyKeyIds(
    lines,
    actuals.keys.map((k) => k.key),
  );
  const unitOf = new Map(lines.map((l) => [l.code, l.volume?.unit]));
  for (const { key, months } of actuals.keys) {
    const line = classification.get(key);
    if (line === undefined || unitOf.get(line) !== 'VARDDYGN' || !key.startsWith('placements|')) continue;
    const counts = result.get(line) as number[];
    for (const m of months) {
      const i = index(m.month);
      if (i !== null) counts[i] += m.careDays ?? 0;
    }
  }
  for (const [line, months] of Object.entries(households)) {
    const counts = result.get(line);
    if (counts === undefined || unitOf.get(line) !== 'HUSHALLSMANADER') continue;
    for (const m of months) {
      const i = index(m.month);
      if (i !== null) counts[i] += m.households;
    }
  }
  return result;
}

/** The lines whose counts the ekonom may not see (R1, R2), from the line rows of a report. */
export function linesWithSmallCounts(
  lineRows: readonly RowView[],
  monthly: ReadonlyMap<string, readonly number[]>,
): Set<string> {
  const hidden = new Set<string>();
  for (const row of lineRows) {
    if (row.volume === null) continue;
    if (
      isSmall(row.volume.actualYtd) ||
      isSmall(row.volume.forecastFullYear) ||
      (monthly.get(row.code) ?? []).some(isSmall)
    ) {
      hidden.add(row.code);
    }
  }
  return hidden;
}

const EFFECTS = ['volumeEffect', 'priceEffect'] as const;

function withoutEffects<T extends FiguresView>(figures: T): T {
  return { ...figures, volumeEffect: null, priceEffect: null, suppressed: [...EFFECTS] };
}

/**
 * The report as the ekonom role sees it (R1–R3). `lineRows` are the report's line rows even when
 * it is grouped by frame or area: they say which lines' effects each aggregate sums; `accountable`
 * holds the codes of the lines in frames with resultatansvar.
 */
export function suppressSmallCounts(
  view: BudgetDeviationView,
  lineRows: readonly RowView[],
  hidden: ReadonlySet<string>,
  accountable: ReadonlySet<string>,
): BudgetDeviationView {
  if (hidden.size === 0) return view;
  // Only lines whose effects were there to sum can leak through an aggregate.
  const leaking = lineRows.filter(
    (r) => hidden.has(r.code) && (r.volumeEffect !== null || r.priceEffect !== null),
  );
  const groupLeaks = (members: (row: RowView) => boolean): boolean => leaking.some(members);
  const rows = view.rows.map((row): RowView => {
    if (view.groupBy === 'line') {
      if (!hidden.has(row.code) || row.volume === null) return row;
      return {
        ...row,
        volume: { ...row.volume, actualYtd: null, forecastFullYear: null, suppressed: true },
        volumeEffect: null,
        priceEffect: null,
        suppressed: ['volume.actualYtd', 'volume.forecastFullYear', ...EFFECTS],
      };
    }
    const field = view.groupBy;
    return groupLeaks((line) => line[field] === row.code) ? withoutEffects(row) : row;
  });
  return {
    ...view,
    rows,
    total: groupLeaks(() => true) ? withoutEffects(view.total) : view.total,
    subtotals: {
      accountable: groupLeaks((l) => accountable.has(l.code))
        ? withoutEffects(view.subtotals.accountable)
        : view.subtotals.accountable,
      notAccountable: groupLeaks((l) => !accountable.has(l.code))
        ? withoutEffects(view.subtotals.notAccountable)
        : view.subtotals.notAccountable,
    },
  };
}
