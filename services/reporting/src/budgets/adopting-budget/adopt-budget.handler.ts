import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK } from '../../clock';
import type { Clock } from '../decide';
import { executeBudgetCommand, type BudgetCommandOutcome } from '../budget-stream';
import { BUDGET_EVENT_STORE, type BudgetEventStore } from '../event-store/budget-event-store';
import { AdoptBudgetCommand } from './adopt-budget.command';

@CommandHandler(AdoptBudgetCommand)
export class AdoptBudgetHandler implements ICommandHandler<AdoptBudgetCommand, BudgetCommandOutcome> {
  constructor(
    @Inject(BUDGET_EVENT_STORE) private readonly store: BudgetEventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: AdoptBudgetCommand): Promise<BudgetCommandOutcome> {
    return executeBudgetCommand(this.store, this.clock, {
      type: 'AdoptBudget',
      data: { budget: command.budget },
      metadata: { by: command.by },
    });
  }
}
