import { Module } from '@nestjs/common';
import { GetBudgetController } from './get-budget.controller';
import { GetBudgetHandler } from './get-budget.handler';

@Module({ controllers: [GetBudgetController], providers: [GetBudgetHandler] })
export class ReadingBudgetModule {}
