import { Inject, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Clock } from '../../budgets';
import { loadBudget } from '../../budgets/budget-stream';
import { BUDGET_EVENT_STORE, type BudgetEventStore } from '../../budgets/event-store/budget-event-store';
import { CLOCK } from '../../clock';
import {
  checkAgainstBudget,
  validateForecastAdjustmentShape,
  type Checked,
  type ForecastAdjustment,
  type ForecastAdjustmentRequest,
} from '../forecast-adjustment';
import { FORECAST_ADJUSTMENT_STORE, type ForecastAdjustmentStore } from '../forecast-adjustment-store';
import { RecordForecastAdjustmentCommand } from './record-forecast-adjustment.command';

@CommandHandler(RecordForecastAdjustmentCommand)
export class RecordForecastAdjustmentHandler implements ICommandHandler<
  RecordForecastAdjustmentCommand,
  ForecastAdjustment
> {
  constructor(
    @Inject(BUDGET_EVENT_STORE) private readonly budgets: BudgetEventStore,
    @Inject(FORECAST_ADJUSTMENT_STORE) private readonly adjustments: ForecastAdjustmentStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: RecordForecastAdjustmentCommand): Promise<ForecastAdjustment> {
    const shape = orThrow(validateForecastAdjustmentShape(command.body));
    const { state } = await loadBudget(this.budgets, shape.year);
    const request = orThrow(checkAgainstBudget(shape, state));
    return this.adjustments.add({
      ...request,
      recordedAt: this.clock.now().toISOString(),
      recordedBy: command.by,
    });
  }
}

function orThrow(checked: Checked<ForecastAdjustmentRequest>): ForecastAdjustmentRequest {
  if (checked.ok) return checked.value;
  const body = { errors: checked.errors.map(({ field, message }) => ({ field, message })) };
  throw checked.reason === 'not-found' ? new NotFoundException(body) : new UnprocessableEntityException(body);
}
