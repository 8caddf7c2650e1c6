import { decimalToRational } from '@ramprognos/money';
import type { BudgetVolume } from '../../budgets';
import { ratio } from '../../budgets/exact';
import type { ClassifiableLine } from '../../classification';
import { classifyKeyIds } from '../../classification';
import type { ActualsResponse, HouseholdsByLine } from '../budget-deviation';
import type {
  BudgetDeviationView,
  FiguresView,
  RowView,
  VolumesPublished,
} from '../budget-deviation/budget-deviation-view';
import { volumePriceEffects } from '../budget-deviation/compute-budget-deviation';

/*
 * SPEC §8: counts of people, households, cases or placements between 1 and 4 are not shown to the
 * ekonom role — "including where a difference between two responses would reveal them" (issue 6).
 * The rule (services/reporting/README.md, "Small counts"), for the ekonom role:
 *
 *   P1  Volumes are published per month, once: month m's count per line (vårddygn, households) is
 *       taken as known at its publication instant (the 10th of the month after, publication.ts),
 *       stored, and never changed. A report shows, of every line, the published months through
 *       the last month that has ended by asOf and is published by knownAt: their sum
 *       (volume.actualYtd), the months themselves (the monthly series), and the forecast volume
 *       published with that month. Nothing else about counts: not the day of asOf, not knownAt.
 *   P2  A line shows its volumes only when every one of those months is 0 or ≥ 5 (and the forecast
 *       volume is not between 0 and 5); otherwise they are withheld. Every count shown is then a sum
 *       of frozen months that are each 0 or ≥ 5, so any two counts of a line — whatever the asOf,
 *       knownAt, grouping or route — are equal or differ by at least 5.
 *   P3  The volume/price split gives the forecast volume back (volumeEffect = (budget volume −
 *       forecast volume) × budget price), so a line's split is computed from its published forecast
 *       volume and withheld with its volumes; a frame, area, subtotal or total shows a split only
 *       when every line in it with a volume shows one, and then it is their sum.
 *
 * Money is not a count and is never withheld; nor is the budgeted volume (a decision, not people).
 */

export const SMALLEST_SHOWN_COUNT = 5;

export const isSmallCount = (value: number | null | undefined): boolean =>
  value !== null && value !== undefined && value > 0 && value < SMALLEST_SHOWN_COUNT;

/** One line's published volumes: its count in each published month, from January. */
export interface PublishedLine {
  readonly code: string;
  /** Month 1..through; null for a month published without this line (then nothing is shown). */
  readonly months: readonly (number | null)[];
  /** The full-year forecast volume published with the last of those months, or null. */
  readonly forecastFullYear: number | null;
}

/** What a report may show the ekonom role of counts (P1): plain JSON, kept in a round's snapshot. */
export interface PublishedVolumes extends VolumesPublished {
  readonly lines: readonly PublishedLine[];
}

export const NOTHING_PUBLISHED: PublishedVolumes = { through: null, knownAt: null, lines: [] };

/** A line's volumes as the ekonom role may see them (P2), or null when they are withheld. */
export function shownVolumes(
  published: PublishedVolumes,
  code: string,
): {
  readonly months: readonly number[];
  readonly actualYtd: number;
  readonly forecastFullYear: number | null;
} | null {
  if (published.through === null) return null;
  const line = published.lines.find((l) => l.code === code);
  if (line === undefined || line.months.length === 0) return null;
  const months: number[] = [];
  for (const count of line.months) {
    if (count === null || count < 0 || isSmallCount(count)) return null;
    months.push(count);
  }
  const actualYtd = months.reduce((s, v) => s + v, 0);
  if (isSmallCount(actualYtd) || isSmallCount(line.forecastFullYear)) return null;
  return { months, actualYtd, forecastFullYear: line.forecastFullYear };
}

type VolumeLine = ClassifiableLine & { readonly volume?: BudgetVolume };

/**
 * Per volume line, its count in each month of the year through asOf: distinct households
 * (HUSHALLSMANADER, from the households query) or vårddygn (VARDDYGN, care days of its placements
 * keys). What a month's publication stores.
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

const EFFECTS = ['volumeEffect', 'priceEffect'] as const;
const LINE_WITHHELD = ['volume.actualYtd', 'volume.forecastFullYear', ...EFFECTS];

function exact(value: number) {
  const { num, den } = decimalToRational(value);
  return ratio(num, den);
}

/** A line row as the ekonom role reads it (P1–P3). */
function lineForReader(row: RowView, published: PublishedVolumes): RowView {
  if (row.volume === null) return row;
  const { suppressed: _, ...figures } = row;
  const shown = shownVolumes(published, row.code);
  if (shown === null) {
    return {
      ...figures,
      volume: { ...row.volume, actualYtd: null, forecastFullYear: null, suppressed: true },
      volumeEffect: null,
      priceEffect: null,
      suppressed: LINE_WITHHELD,
    };
  }
  // The split of the deviation the reader sees, by the forecast volume the reader sees.
  const split =
    row.volumeEffect === null ||
    row.forecastDeviation === null ||
    shown.forecastFullYear === null ||
    !(row.volume.budget > 0)
      ? null
      : volumePriceEffects(
          BigInt(row.annualBudget),
          exact(row.volume.budget),
          exact(shown.forecastFullYear),
          BigInt(row.forecastDeviation),
        );
  return {
    ...figures,
    volume: { ...row.volume, actualYtd: shown.actualYtd, forecastFullYear: shown.forecastFullYear },
    volumeEffect: split === null ? null : Number(split.volumeEffect),
    priceEffect: split === null ? null : Number(split.priceEffect),
  };
}

/** An aggregate's split as the ekonom role reads it (P3): the sum of its lines', or withheld. */
function aggregateForReader<T extends FiguresView>(figures: T, members: readonly RowView[]): T {
  const { suppressed: _, ...rest } = figures;
  const split = members.filter((m) => m.volume !== null);
  if (split.some((m) => m.volumeEffect === null || m.priceEffect === null)) {
    const hadSplit = figures.volumeEffect !== null || figures.priceEffect !== null;
    return {
      ...rest,
      volumeEffect: null,
      priceEffect: null,
      ...(hadSplit ? { suppressed: [...EFFECTS] } : {}),
    } as T;
  }
  if (split.length === 0) return { ...rest, volumeEffect: null, priceEffect: null } as T;
  return {
    ...rest,
    volumeEffect: split.reduce((s, m) => s + (m.volumeEffect as number), 0),
    priceEffect: split.reduce((s, m) => s + (m.priceEffect as number), 0),
  } as T;
}

/**
 * The report as the ekonom role sees it (P1–P3). `lineRows` are the report's line rows as a
 * controller sees them, even when it is grouped by frame or area: they say what each aggregate
 * sums; `accountable` holds the codes of the lines in frames with resultatansvar.
 */
export function suppressSmallCounts(
  view: BudgetDeviationView,
  lineRows: readonly RowView[],
  published: PublishedVolumes,
  accountable: ReadonlySet<string>,
): BudgetDeviationView {
  const lines = lineRows.map((row) => lineForReader(row, published));
  const byCode = new Map(lines.map((l) => [l.code, l]));
  const rows = view.rows.map((row): RowView => {
    if (view.groupBy === 'line') return byCode.get(row.code) ?? lineForReader(row, published);
    const field = view.groupBy;
    return aggregateForReader(
      row,
      lines.filter((l) => l[field] === row.code),
    );
  });
  return {
    ...view,
    volumesPublished: { through: published.through, knownAt: published.knownAt },
    rows,
    total: aggregateForReader(view.total, lines),
    subtotals: {
      accountable: aggregateForReader(
        view.subtotals.accountable,
        lines.filter((l) => accountable.has(l.code)),
      ),
      notAccountable: aggregateForReader(
        view.subtotals.notAccountable,
        lines.filter((l) => !accountable.has(l.code)),
      ),
    },
  };
}
