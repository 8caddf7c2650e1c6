import { Module } from '@nestjs/common';
import { GetBudgetDeviationController } from './get-budget-deviation.controller';
import { GetBudgetDeviationHandler } from './get-budget-deviation.handler';

@Module({ controllers: [GetBudgetDeviationController], providers: [GetBudgetDeviationHandler] })
export class ReadingBudgetDeviationModule {}
