import { Module } from '@nestjs/common';
import { AdjustBudgetController } from './adjust-budget.controller';
import { AdjustBudgetHandler } from './adjust-budget.handler';

@Module({ controllers: [AdjustBudgetController], providers: [AdjustBudgetHandler] })
export class AdjustingBudgetModule {}
