/** One problem with a budget command, e.g. `{ field: 'lines[3].frame', message: 'is not a frame of this budget' }`. */
export interface BudgetFieldError {
  readonly field: string;
  readonly message: string;
}

/**
 * Why a budget command was refused. `invalid`: the body is wrong (HTTP 422); `conflict`: it
 * contradicts what is already recorded (409); `not-found`: there is no budget for the year (404).
 */
export type BudgetErrorReason = 'invalid' | 'conflict' | 'not-found';

export class BudgetError extends Error {
  override readonly name = 'BudgetError';

  constructor(
    readonly reason: BudgetErrorReason,
    readonly errors: readonly BudgetFieldError[],
  ) {
    super(`budget command refused (${reason}): ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
  }
}

export function isBudgetError(value: unknown): value is BudgetError {
  return value instanceof BudgetError;
}
