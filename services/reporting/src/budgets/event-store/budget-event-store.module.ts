import { Global, Module } from '@nestjs/common';
import { BUDGET_EVENT_STORE } from './budget-event-store';
import { PostgresBudgetEventStore } from './postgres-budget-event-store';

@Global()
@Module({
  providers: [{ provide: BUDGET_EVENT_STORE, useClass: PostgresBudgetEventStore }],
  exports: [BUDGET_EVENT_STORE],
})
export class BudgetEventStoreModule {}
