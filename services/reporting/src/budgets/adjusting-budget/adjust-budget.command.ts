import { Command } from '@nestjs/cqrs';
import type { BudgetCommandOutcome } from '../budget-stream';

/** `POST /v1/budgets/{year}/adjustments`: omfördelning, tilläggsanslag or minskning. */
export class AdjustBudgetCommand extends Command<BudgetCommandOutcome> {
  constructor(
    readonly year: number,
    readonly adjustment: unknown,
    /** The JWT subject, recorded in the budget's history. */
    readonly by: string,
  ) {
    super();
  }
}
