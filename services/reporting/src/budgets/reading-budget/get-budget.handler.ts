import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { isAdopted } from '../budget';
import { budgetView, type BudgetView } from '../budget-as-of';
import { loadBudget } from '../budget-stream';
import { BUDGET_EVENT_STORE, type BudgetEventStore } from '../event-store/budget-event-store';
import { GetBudgetQuery } from './get-budget.query';

@QueryHandler(GetBudgetQuery)
export class GetBudgetHandler implements IQueryHandler<GetBudgetQuery, BudgetView | null> {
  constructor(@Inject(BUDGET_EVENT_STORE) private readonly store: BudgetEventStore) {}

  async execute({ year }: GetBudgetQuery): Promise<BudgetView | null> {
    const { state } = await loadBudget(this.store, year);
    return isAdopted(state) ? budgetView(state) : null;
  }
}
