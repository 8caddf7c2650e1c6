import { parseSek, type Ore } from '@ramprognos/money';
import type { BudgetAdjustment, BudgetEvent, BudgetState } from './budget';
import { validateAdjustmentShape, validateBudgetDocument } from './budget-document';
import { BudgetError, type BudgetFieldError } from './budget-error';

/** Injected so that the domain never reads the wall clock. */
export interface Clock {
  now(): Date;
}

/** Who asks: the authenticated user (JWT subject), recorded in the budget's history. */
export interface CommandMetadata {
  readonly by: string;
}

/** `POST /v1/budgets`; the body is validated here, not by the caller. */
export type AdoptBudget = Readonly<{
  type: 'AdoptBudget';
  data: Readonly<{ budget: unknown }>;
  metadata: CommandMetadata;
}>;

/** `POST /v1/budgets/{year}/adjustments`. */
export type AdjustBudget = Readonly<{
  type: 'AdjustBudget';
  data: Readonly<{ year: number; adjustment: unknown }>;
  metadata: CommandMetadata;
}>;

export type BudgetCommand = AdoptBudget | AdjustBudget;

/**
 * The events a command causes on the year's budget stream, or why it is refused. An empty list
 * means "already done": the same adjustment sent again (a retry) changes nothing.
 */
export function decide(
  command: BudgetCommand,
  state: BudgetState,
  clock: Clock,
): readonly BudgetEvent[] | BudgetError {
  const recorded = { recordedAt: clock.now().toISOString(), recordedBy: command.metadata.by };
  switch (command.type) {
    case 'AdoptBudget': {
      const validated = validateBudgetDocument(command.data.budget);
      if (!validated.ok) return new BudgetError('invalid', validated.errors);
      const budget = validated.value;
      if (state.status === 'adopted') {
        return new BudgetError('conflict', [
          {
            field: 'year',
            message: `a budget for ${budget.year} is already adopted; change it with adjustments`,
          },
        ]);
      }
      return [{ type: 'BudgetAdopted', data: { year: budget.year, budget, ...recorded } }];
    }
    case 'AdjustBudget': {
      const { year } = command.data;
      if (state.status !== 'adopted' || state.year !== year) {
        return new BudgetError('not-found', [{ field: 'year', message: `no budget is adopted for ${year}` }]);
      }
      const validated = validateAdjustmentShape(command.data.adjustment);
      if (!validated.ok) return new BudgetError('invalid', validated.errors);
      const adjustment = validated.value;
      const earlier = state.adjustments.find((a) => a.adjustmentId === adjustment.adjustmentId);
      if (earlier !== undefined) {
        if (sameAdjustment(earlier, adjustment)) return [];
        return new BudgetError('conflict', [
          { field: 'adjustmentId', message: 'was already used for an adjustment with other content' },
        ]);
      }
      const errors = adjustmentRuleErrors(adjustment, year, new Set(state.budget.lines.map((l) => l.code)));
      if (errors.length > 0) return new BudgetError('invalid', errors);
      return [{ type: 'BudgetAdjusted', data: { year, adjustment, ...recorded } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown budget command ${(unknown as { type: string }).type}`);
    }
  }
}

/**
 * SPEC §5 says only that an OMFORDELNING sums to zero. We also hold the other kinds to their
 * names: a TILLAGG (tilläggsanslag) adds budget, so its total is > 0; a MINSKNING removes
 * budget, total < 0. Single changes may have either sign (an addition can come with a
 * reallocation); a total of zero is an OMFORDELNING.
 */
function adjustmentRuleErrors(
  adjustment: BudgetAdjustment,
  year: number,
  lines: ReadonlySet<string>,
): BudgetFieldError[] {
  const errors: BudgetFieldError[] = [];
  if (Number(adjustment.decidedOn.slice(0, 4)) !== year) {
    errors.push({ field: 'decidedOn', message: `must be a date in ${year}, the budget's year` });
  }
  const seen = new Map<string, number>();
  adjustment.changes.forEach((change, i) => {
    if (!lines.has(change.line)) {
      errors.push({ field: `changes[${i}].line`, message: 'is not a line of this budget' });
    }
    const first = seen.get(change.line);
    if (first !== undefined)
      errors.push({ field: `changes[${i}].line`, message: `repeats the line of changes[${first}]` });
    else seen.set(change.line, i);
  });
  const total = totalOf(adjustment);
  if (adjustment.kind === 'OMFORDELNING' && total !== 0n) {
    errors.push({ field: 'changes', message: 'must sum to zero for an OMFORDELNING' });
  }
  if (adjustment.kind === 'TILLAGG' && total <= 0n) {
    errors.push({ field: 'changes', message: 'must sum to more than zero for a TILLAGG' });
  }
  if (adjustment.kind === 'MINSKNING' && total >= 0n) {
    errors.push({ field: 'changes', message: 'must sum to less than zero for a MINSKNING' });
  }
  return errors;
}

function totalOf(adjustment: BudgetAdjustment): Ore {
  return adjustment.changes.reduce((total, change) => total + parseSek(change.amount), 0n);
}

/** The same decision, however the amounts were spelt ("100" and "100.00" are one amount). */
function sameAdjustment(a: BudgetAdjustment, b: BudgetAdjustment): boolean {
  return (
    a.adjustmentId === b.adjustmentId &&
    a.decidedOn === b.decidedOn &&
    a.kind === b.kind &&
    a.text === b.text &&
    a.changes.length === b.changes.length &&
    a.changes.every(
      (c, i) => c.line === b.changes[i].line && parseSek(c.amount) === parseSek(b.changes[i].amount),
    )
  );
}
