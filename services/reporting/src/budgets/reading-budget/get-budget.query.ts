import { Query } from '@nestjs/cqrs';
import type { BudgetView } from '../budget-as-of';

/** `GET /v1/budgets/{year}`: the budget as it stands, with its history; null when none is adopted. */
export class GetBudgetQuery extends Query<BudgetView | null> {
  constructor(readonly year: number) {
    super();
  }
}
