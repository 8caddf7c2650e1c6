import { computeReport } from '../reference/reference-calculator';
import { referenceActualsByKey } from '../reference/per-key';
import type {
  ReferenceAdjustment,
  ReferenceBudget,
  ReferenceEvent,
  ReferenceGroupBy,
} from '../reference/types';

/** What the system has less of (lost) or more of (double-counted) than the reference, per cell. */
export interface Discrepancy {
  /** Key-months (or report rows) whose amount is lower than the reference's. */
  lostCells: number;
  lostOre: bigint;
  doubleCells: number;
  doubleOre: bigint;
  /** Care days (key-months) below / above the reference. */
  lostCareDays: number;
  doubleCareDays: number;
  /** Cells compared. */
  cells: number;
  /** A few of the differences, for the log. */
  examples: string[];
}

export function emptyDiscrepancy(): Discrepancy {
  return {
    lostCells: 0,
    lostOre: 0n,
    doubleCells: 0,
    doubleOre: 0n,
    lostCareDays: 0,
    doubleCareDays: 0,
    cells: 0,
    examples: [],
  };
}

export function addDiscrepancy(into: Discrepancy, more: Discrepancy): void {
  into.lostCells += more.lostCells;
  into.lostOre += more.lostOre;
  into.doubleCells += more.doubleCells;
  into.doubleOre += more.doubleOre;
  into.lostCareDays += more.lostCareDays;
  into.doubleCareDays += more.doubleCareDays;
  into.cells += more.cells;
  into.examples.push(...more.examples.slice(0, Math.max(0, 10 - into.examples.length)));
}

function note(d: Discrepancy, cell: string, got: bigint | number, want: bigint | number, unit: string): void {
  if (d.examples.length < 10) d.examples.push(`${cell}: system ${got} ${unit}, reference ${want} ${unit}`);
}

function diffAmount(d: Discrepancy, cell: string, got: bigint, want: bigint): void {
  d.cells += 1;
  if (got < want) {
    d.lostCells += 1;
    d.lostOre += want - got;
    note(d, cell, got, want, 'öre');
  } else if (got > want) {
    d.doubleCells += 1;
    d.doubleOre += got - want;
    note(d, cell, got, want, 'öre');
  }
}

function diffDays(d: Discrepancy, cell: string, got: number, want: number): void {
  if (got < want) {
    d.lostCareDays += want - got;
    note(d, cell, got, want, 'care days');
  } else if (got > want) {
    d.doubleCareDays += got - want;
    note(d, cell, got, want, 'care days');
  }
}

/** The body of forecast's GET /v1/actuals (docs/forecast-query-api.md). */
export interface ActualsBody {
  readonly keys: readonly {
    readonly key: string;
    readonly months: readonly {
      readonly month: string;
      readonly amount: string;
      readonly careDays?: number;
    }[];
  }[];
}

export interface ActualsCase {
  readonly year: number;
  readonly asOf: string;
  readonly knownAt: string | null;
}

/** forecast's actuals per key and month against referenceActualsByKey of the events sent. */
export function compareActuals(
  body: ActualsBody,
  events: readonly ReferenceEvent[],
  c: ActualsCase,
): Discrepancy {
  const d = emptyDiscrepancy();
  const reference = referenceActualsByKey({ events, year: c.year, asOf: c.asOf, knownAt: c.knownAt });
  const got = new Map<string, { amount: bigint; careDays: number }>();
  for (const k of body.keys)
    for (const m of k.months)
      got.set(`${k.key} ${m.month}`, { amount: BigInt(m.amount), careDays: m.careDays ?? 0 });
  const seen = new Set<string>();
  for (const [key, months] of reference) {
    months.forEach((want, i) => {
      const cell = `${key} ${c.year}-${String(i + 1).padStart(2, '0')}`;
      seen.add(cell);
      const have = got.get(cell) ?? { amount: 0n, careDays: 0 };
      diffAmount(d, cell, have.amount, want.amountOre);
      if (key.startsWith('placements')) diffDays(d, cell, have.careDays, want.volume);
    });
  }
  for (const [cell, have] of got) {
    if (seen.has(cell)) continue;
    diffAmount(d, cell, have.amount, 0n);
    diffDays(d, cell, have.careDays, 0);
  }
  return d;
}

interface ReportFiguresBody {
  readonly annualBudget: number;
  readonly budgetYtd: number;
  readonly actualYtd: number;
  readonly deviationYtd: number;
}

/** The parts of GET /v1/reports/budget-deviation the reference also computes. */
export interface ReportBody {
  readonly rows: readonly (ReportFiguresBody & {
    readonly code: string;
    readonly volume: { readonly actualYtd: number | null } | null;
  })[];
  readonly unclassified: { readonly actualYtd: number };
}

export interface ReportCase {
  readonly year: number;
  readonly asOf: string;
  readonly knownAt: string | null;
  readonly groupBy: ReferenceGroupBy;
}

export interface ReportComparison {
  readonly discrepancy: Discrepancy;
  /** Figures that are not actuals (budget, periodised budget, deviation, volume) and differ. */
  readonly mismatches: string[];
}

/** reporting's budget deviation against computeReport of the same budget and the events sent. */
export function compareReport(
  body: ReportBody,
  input: {
    budget: ReferenceBudget;
    adjustments: readonly ReferenceAdjustment[];
    events: readonly ReferenceEvent[];
  },
  c: ReportCase,
): ReportComparison {
  const reference = computeReport({ ...input, ...c });
  const d = emptyDiscrepancy();
  const mismatches: string[] = [];
  const rows = new Map(body.rows.filter((r) => r.code !== 'OKLASSIFICERAT').map((r) => [r.code, r]));
  for (const want of reference.rows) {
    const have = rows.get(want.code);
    rows.delete(want.code);
    if (!have) {
      mismatches.push(`row ${want.code} missing`);
      continue;
    }
    diffAmount(d, `${c.groupBy} ${want.code}`, BigInt(have.actualYtd), want.actualYtd);
    for (const field of ['annualBudget', 'budgetYtd'] as const) {
      if (BigInt(have[field]) !== want[field])
        mismatches.push(`${want.code}.${field}: ${have[field]} ≠ ${want[field]}`);
    }
    if (BigInt(have.deviationYtd) !== BigInt(have.budgetYtd) - BigInt(have.actualYtd))
      mismatches.push(`${want.code}.deviationYtd ≠ budgetYtd − actualYtd`);
    if (want.volumeActualYtd !== undefined && have.volume?.actualYtd !== want.volumeActualYtd) {
      mismatches.push(`${want.code}.volume.actualYtd: ${have.volume?.actualYtd} ≠ ${want.volumeActualYtd}`);
    }
  }
  for (const code of rows.keys()) mismatches.push(`row ${code} not in the reference`);
  diffAmount(
    d,
    `${c.groupBy} OKLASSIFICERAT`,
    BigInt(body.unclassified.actualYtd),
    reference.unclassified.actualYtd,
  );
  return { discrepancy: d, mismatches };
}
