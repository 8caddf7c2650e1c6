import { Controller, Get, NotFoundException, Param, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { JwtAuthGuard, Roles, errorBody } from '@ramprognos/service-kit';
import { parseYear } from '../../http/params';
import { READERS } from '../../http/roles';
import type { BudgetView } from '../budget-as-of';
import { GetBudgetQuery } from './get-budget.query';

@ApiTags('budgets')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('v1/budgets')
export class GetBudgetController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':year')
  @Roles(...READERS)
  @ApiParam({ name: 'year', example: 2023 })
  @ApiOperation({
    summary:
      'The budget as it stands (every adjustment applied), its adjustments and its history (who, when)',
  })
  async get(@Param('year') rawYear: string): Promise<BudgetView> {
    const year = parseYear(rawYear);
    const view = await this.queries.execute(new GetBudgetQuery(year));
    if (view === null)
      throw new NotFoundException(errorBody({ field: 'year', message: `no budget is adopted for ${year}` }));
    return view;
  }
}
