import { Body, Controller, Param, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, JwtAuthGuard, Roles, type Principal } from '@ramprognos/service-kit';
import type { HttpResponse } from '../../http/express';
import { parseYear } from '../../http/params';
import { WRITERS } from '../../http/roles';
import { budgetView, type BudgetView } from '../budget-as-of';
import { AdjustBudgetCommand } from './adjust-budget.command';

@ApiTags('budgets')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('v1/budgets')
export class AdjustBudgetController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':year/adjustments')
  @Roles(...WRITERS)
  @ApiParam({ name: 'year', example: 2023 })
  @ApiOperation({
    summary: 'Adjust a year’s budget: OMFORDELNING (sums to zero), TILLAGG, MINSKNING',
    description:
      '201 with the budget as it stands; 200 when the same adjustment (same adjustmentId and content) was recorded before; 409 when the adjustmentId was used for other content; 404 without a budget; 422 per field.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      example: {
        adjustmentId: 'ADJ-1',
        decidedOn: '2023-05-15',
        kind: 'OMFORDELNING',
        text: 'Från reserven',
        changes: [],
      },
    },
  })
  async adjust(
    @Param('year') rawYear: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<BudgetView> {
    const year = parseYear(rawYear);
    const { state, events } = await this.commands.execute(
      new AdjustBudgetCommand(year, body, principal.subject),
    );
    res.statusCode = events.length === 0 ? 200 : 201;
    return budgetView(state);
  }
}
