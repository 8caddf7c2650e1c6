import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK } from '../../clock';
import type { Clock } from '../decide';
import { executeBudgetCommand, type BudgetCommandOutcome } from '../budget-stream';
import { BUDGET_EVENT_STORE, type BudgetEventStore } from '../event-store/budget-event-store';
import { AdjustBudgetCommand } from './adjust-budget.command';

@CommandHandler(AdjustBudgetCommand)
export class AdjustBudgetHandler implements ICommandHandler<AdjustBudgetCommand, BudgetCommandOutcome> {
  constructor(
    @Inject(BUDGET_EVENT_STORE) private readonly store: BudgetEventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: AdjustBudgetCommand): Promise<BudgetCommandOutcome> {
    return executeBudgetCommand(this.store, this.clock, {
      type: 'AdjustBudget',
      data: { year: command.year, adjustment: command.adjustment },
      metadata: { by: command.by },
    });
  }
}
