/**
 * The budget of one year (SPEC §5) as an event-sourced aggregate: adopted once, then adjusted.
 * Events are plain readonly data, stored as they are; `evolve` folds them into the state.
 */

/** The reserved line that collects what no budget line matches. */
export const UNCLASSIFIED_LINE = 'OKLASSIFICERAT';

export const MATCH_STREAMS = ['payments', 'placements', 'ledger'] as const;
export type MatchStream = (typeof MATCH_STREAMS)[number];

export const VOLUME_UNITS = ['VARDDYGN', 'HUSHALLSMANADER'] as const;
export type VolumeUnit = (typeof VOLUME_UNITS)[number];

export const NAMED_PROFILES = ['EVEN', 'DAYS', 'HISTORICAL'] as const;
export type NamedProfile = (typeof NAMED_PROFILES)[number];
/** Twelve weights as written (JSON numbers or decimal strings): kept as text so they stay exact. */
export type Profile = NamedProfile | readonly (number | string)[];

export const ADJUSTMENT_KINDS = ['OMFORDELNING', 'TILLAGG', 'MINSKNING'] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

/** One `match` rule: `stream` plus fields, each one allowed value or a list of them. */
export interface MatchRule {
  readonly stream: MatchStream;
  readonly [field: string]: string | readonly string[];
}

export interface BudgetFrame {
  readonly code: string;
  readonly name: string;
  /** resultatansvar: false for frames whose deviation the nämnd does not answer for. */
  readonly accountable: boolean;
}

export interface BudgetArea {
  readonly code: string;
  readonly name: string;
}

export interface BudgetVolume {
  readonly unit: VolumeUnit;
  readonly annual: number;
}

export interface BudgetLine {
  readonly code: string;
  readonly name: string;
  readonly frame: string;
  readonly area: string;
  /** Net cost, SEK as a decimal string; negative for a line of net revenue. */
  readonly annualBudget: string;
  readonly profile: Profile;
  readonly volume?: BudgetVolume;
  readonly match?: readonly MatchRule[];
}

/** The body of `POST /v1/budgets`, as validated. */
export interface BudgetDocument {
  readonly year: number;
  readonly label?: string;
  readonly adoptedOn?: string;
  readonly frames: readonly BudgetFrame[];
  readonly areas: readonly BudgetArea[];
  readonly lines: readonly BudgetLine[];
}

export interface BudgetChange {
  readonly line: string;
  /** SEK as a decimal string, signed. */
  readonly amount: string;
}

/** The body of `POST /v1/budgets/{year}/adjustments`, as validated. */
export interface BudgetAdjustment {
  readonly adjustmentId: string;
  readonly decidedOn: string;
  readonly kind: AdjustmentKind;
  readonly text?: string;
  readonly changes: readonly BudgetChange[];
}

// ---------------------------------------------------------------- events

/** Who recorded an event and when (the clock's time), for the budget's history. */
export interface Recorded {
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export type BudgetAdopted = Readonly<{
  type: 'BudgetAdopted';
  data: Readonly<{ year: number; budget: BudgetDocument } & Recorded>;
}>;

export type BudgetAdjusted = Readonly<{
  type: 'BudgetAdjusted';
  data: Readonly<{ year: number; adjustment: BudgetAdjustment } & Recorded>;
}>;

export type BudgetEvent = BudgetAdopted | BudgetAdjusted;

// ---------------------------------------------------------------- state

export interface BudgetHistoryEntry extends Recorded {
  /** 1, 2, … in stream order. */
  readonly seq: number;
  readonly type: BudgetEvent['type'];
  readonly adjustmentId?: string;
  readonly kind?: AdjustmentKind;
  readonly decidedOn?: string;
  readonly text?: string;
}

export type BudgetState =
  | Readonly<{ status: 'empty' }>
  | Readonly<{
      status: 'adopted';
      year: number;
      budget: BudgetDocument;
      /** In the order they were recorded. */
      adjustments: readonly BudgetAdjustment[];
      history: readonly BudgetHistoryEntry[];
    }>;

export type AdoptedBudget = Extract<BudgetState, { status: 'adopted' }>;

export const initialState = (): BudgetState => ({ status: 'empty' });

export function evolve(state: BudgetState, event: BudgetEvent): BudgetState {
  const { type, data } = event;
  switch (type) {
    case 'BudgetAdopted':
      // decide never emits a second adoption; a replayed one must not wipe the adjustments.
      if (state.status === 'adopted') return state;
      return {
        status: 'adopted',
        year: data.year,
        budget: data.budget,
        adjustments: [],
        history: [{ seq: 1, type, recordedAt: data.recordedAt, recordedBy: data.recordedBy }],
      };
    case 'BudgetAdjusted': {
      if (state.status !== 'adopted') return state;
      const { adjustmentId, kind, decidedOn, text } = data.adjustment;
      const entry: BudgetHistoryEntry = {
        seq: state.history.length + 1,
        type,
        recordedAt: data.recordedAt,
        recordedBy: data.recordedBy,
        adjustmentId,
        kind,
        decidedOn,
        ...(text === undefined ? {} : { text }),
      };
      return {
        ...state,
        adjustments: [...state.adjustments, data.adjustment],
        history: [...state.history, entry],
      };
    }
    default: {
      const unknown: never = type;
      return unknown;
    }
  }
}

export function isAdopted(state: BudgetState): state is AdoptedBudget {
  return state.status === 'adopted';
}
