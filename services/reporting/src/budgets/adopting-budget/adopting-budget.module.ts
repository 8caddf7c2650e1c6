import { Module } from '@nestjs/common';
import { AdoptBudgetController } from './adopt-budget.controller';
import { AdoptBudgetHandler } from './adopt-budget.handler';

@Module({ controllers: [AdoptBudgetController], providers: [AdoptBudgetHandler] })
export class AdoptingBudgetModule {}
