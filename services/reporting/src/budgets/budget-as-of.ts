import { formatSek, parseSek, type Ore } from '@ramprognos/money';
import {
  isAdopted,
  type AdoptedBudget,
  type BudgetAdjustment,
  type BudgetArea,
  type BudgetFrame,
  type BudgetHistoryEntry,
  type BudgetLine,
  type BudgetState,
  type MatchRule,
} from './budget';

export interface BudgetLineAsOf extends Omit<BudgetLine, 'annualBudget' | 'match'> {
  readonly match: readonly MatchRule[];
  /** As adopted, öre. */
  readonly adoptedAnnualBudget: Ore;
  /** Σ of the changes of the adjustments that count. */
  readonly adjustments: Ore;
  /** adopted + adjustments: what the report periodises "as if it had been there all year". */
  readonly annualBudget: Ore;
}

export interface BudgetAsOf {
  readonly year: number;
  readonly asOf: string;
  readonly frames: readonly BudgetFrame[];
  readonly areas: readonly BudgetArea[];
  /** In document order, which is classification order. */
  readonly lines: readonly BudgetLineAsOf[];
}

function adopted(state: BudgetState): AdoptedBudget {
  if (!isAdopted(state)) throw new RangeError('no budget is adopted');
  return state;
}

function linesWith(
  state: AdoptedBudget,
  counts: (adjustment: BudgetAdjustment) => boolean,
): BudgetLineAsOf[] {
  const changes = new Map<string, Ore>();
  const seen = new Set<string>();
  for (const adjustment of state.adjustments) {
    // decide refuses a second adjustment with the same id; if one were stored anyway, the first counts.
    if (seen.has(adjustment.adjustmentId) || !counts(adjustment)) continue;
    seen.add(adjustment.adjustmentId);
    for (const change of adjustment.changes) {
      changes.set(change.line, (changes.get(change.line) ?? 0n) + parseSek(change.amount));
    }
  }
  return state.budget.lines.map(({ annualBudget, match, ...line }) => {
    const adoptedAnnualBudget = parseSek(annualBudget);
    const adjustments = changes.get(line.code) ?? 0n;
    return {
      ...line,
      match: match ?? [],
      adoptedAnnualBudget,
      adjustments,
      annualBudget: adoptedAnnualBudget + adjustments,
    };
  });
}

/** Each line's annual budget with the adjustments decided on or before asOf (SPEC §5; not filtered by knownAt). */
export function budgetAsOf(state: BudgetState, asOf: string): BudgetAsOf {
  const budget = adopted(state);
  return {
    year: budget.year,
    asOf,
    frames: budget.budget.frames,
    areas: budget.budget.areas,
    lines: linesWith(budget, (adjustment) => adjustment.decidedOn <= asOf),
  };
}

/** `GET /v1/budgets/{year}`: the budget as it stands (every recorded adjustment), SEK strings like the body. */
export interface BudgetView {
  readonly year: number;
  readonly label?: string;
  readonly adoptedOn?: string;
  readonly frames: readonly BudgetFrame[];
  readonly areas: readonly BudgetArea[];
  readonly lines: readonly (BudgetLine & { readonly adoptedAnnualBudget: string })[];
  readonly adjustments: readonly BudgetAdjustment[];
  readonly history: readonly BudgetHistoryEntry[];
}

export function budgetView(state: BudgetState): BudgetView {
  const budget = adopted(state);
  const { year, label, adoptedOn, frames, areas } = budget.budget;
  const lines = linesWith(budget, () => true).map(
    ({ adoptedAnnualBudget, adjustments: _, annualBudget, ...line }) => ({
      ...line,
      annualBudget: formatSek(annualBudget),
      adoptedAnnualBudget: formatSek(adoptedAnnualBudget),
    }),
  );
  return {
    year,
    ...(label === undefined ? {} : { label }),
    ...(adoptedOn === undefined ? {} : { adoptedOn }),
    frames,
    areas,
    lines,
    adjustments: budget.adjustments,
    history: budget.history,
  };
}
