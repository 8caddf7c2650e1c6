import { Command } from '@nestjs/cqrs';
import type { BudgetCommandOutcome } from '../budget-stream';

/** `POST /v1/budgets`: adopt a year's budget. The body is validated by the domain (decide). */
export class AdoptBudgetCommand extends Command<BudgetCommandOutcome> {
  constructor(
    readonly budget: unknown,
    /** The JWT subject, recorded in the budget's history. */
    readonly by: string,
  ) {
    super();
  }
}
