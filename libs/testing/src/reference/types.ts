// Input and output shapes of the reference calculator. Declared here (not imported from
// @ramprognos/contracts) so that the reference stays independent of the code it checks.

export type ReferenceStream = 'payments' | 'placements' | 'ledger';

/** One `match` rule of a budget line (SPEC §5): `stream` plus fields, each a list of allowed values. */
export interface ReferenceMatchRule {
  readonly stream: string;
  readonly [field: string]: string | readonly string[];
}

export type ReferenceProfile = 'EVEN' | 'DAYS' | 'HISTORICAL' | readonly (number | string)[];

export interface ReferenceBudgetLine {
  readonly code: string;
  readonly name: string;
  readonly frame: string;
  readonly area: string;
  readonly annualBudget: string;
  readonly profile: ReferenceProfile;
  readonly volume?: { readonly unit: 'VARDDYGN' | 'HUSHALLSMANADER'; readonly annual: number };
  readonly match?: readonly ReferenceMatchRule[];
}

/** The body of `POST /v1/budgets`. */
export interface ReferenceBudget {
  readonly year: number;
  readonly label?: string;
  readonly adoptedOn?: string;
  readonly frames: readonly { readonly code: string; readonly name: string; readonly accountable: boolean }[];
  readonly areas: readonly { readonly code: string; readonly name: string }[];
  readonly lines: readonly ReferenceBudgetLine[];
}

/** The body of `POST /v1/budgets/{year}/adjustments`. */
export interface ReferenceAdjustment {
  readonly adjustmentId: string;
  readonly decidedOn: string;
  readonly kind: string;
  readonly text?: string;
  readonly changes: readonly { readonly line: string; readonly amount: string }[];
}

/** A CloudEvent as sent to intake/payments; only the fields the computation needs are read. */
export interface ReferenceEvent {
  readonly source: string;
  readonly id: string;
  readonly type: string;
  readonly time: string;
  readonly subject?: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export type ReferenceGroupBy = 'line' | 'frame' | 'area';

export interface ReferenceReportInput {
  readonly budget: ReferenceBudget;
  readonly adjustments?: readonly ReferenceAdjustment[];
  readonly events: readonly ReferenceEvent[];
  readonly year: number;
  /** `YYYY-MM-DD`, inside `year`. */
  readonly asOf: string;
  /** RFC 3339 timestamp; null or absent = every event counts. */
  readonly knownAt?: string | null;
  readonly groupBy: ReferenceGroupBy;
}

/** All money in öre. */
export interface ReferenceFigures {
  readonly annualBudget: bigint;
  readonly budgetYtd: bigint;
  readonly actualYtd: bigint;
  readonly deviationYtd: bigint;
}

export interface ReferenceReportRow extends ReferenceFigures {
  readonly code: string;
  readonly name: string;
  /** Only on line rows of lines with a budgeted volume. */
  readonly volumeUnit?: 'VARDDYGN' | 'HUSHALLSMANADER';
  readonly volumeActualYtd?: number;
}

/** Unclassified amounts grouped by stream and the item fields that classification looked at. */
export interface ReferenceUnclassifiedItem {
  readonly stream: ReferenceStream;
  readonly fields: Readonly<Record<string, string>>;
  readonly actualYtd: bigint;
  /** Amounts booked: a component, a repayment, a posting, or one placement day. */
  readonly count: number;
}

export interface ReferenceReport {
  readonly year: number;
  readonly asOf: string;
  readonly knownAt: string | null;
  readonly groupBy: ReferenceGroupBy;
  /** Sorted by code. Never contains OKLASSIFICERAT: that is `unclassified`. */
  readonly rows: readonly ReferenceReportRow[];
  readonly unclassified: { readonly actualYtd: bigint; readonly items: readonly ReferenceUnclassifiedItem[] };
  /** Sum of all line rows plus the unclassified actual (whose budget is 0). */
  readonly total: ReferenceFigures;
  /** Sums of the line rows by their frame's `accountable`; unclassified is in neither. */
  readonly subtotals: { readonly accountable: ReferenceFigures; readonly notAccountable: ReferenceFigures };
  /** line code (and OKLASSIFICERAT) → 12 monthly actuals of `year`, öre; months after asOf are 0n. */
  readonly actualByLineAndMonth: Readonly<Record<string, readonly bigint[]>>;
  /** line code → 12 monthly volumes of `year` in the line's unit (lines with a volume only). */
  readonly volumeByLineAndMonth: Readonly<Record<string, readonly number[]>>;
  /** line code (and OKLASSIFICERAT) → net cost per calendar month summed over all years before `year`. */
  readonly historicalByLineAndMonth: Readonly<Record<string, readonly bigint[]>>;
}
