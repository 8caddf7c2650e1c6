import { Body, Controller, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, JwtAuthGuard, Roles, type Principal } from '@ramprognos/service-kit';
import type { HttpResponse } from '../../http/express';
import { WRITERS } from '../../http/roles';
import { budgetView, type BudgetView } from '../budget-as-of';
import { isAdopted } from '../budget';
import { AdoptBudgetCommand } from './adopt-budget.command';

@ApiTags('budgets')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('v1/budgets')
export class AdoptBudgetController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles(...WRITERS)
  @ApiOperation({
    summary: 'Adopt a year’s budget (SPEC §5): frames, areas, lines with profile, volume and match rules',
    description:
      '201 with the budget as it stands; 422 lists every problem by field; 409 if the year already has one.',
  })
  @ApiBody({ schema: { type: 'object', example: { year: 2023, frames: [], areas: [], lines: [] } } })
  async adopt(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<BudgetView> {
    const { state } = await this.commands.execute(new AdoptBudgetCommand(body, principal.subject));
    if (isAdopted(state)) res.setHeader('Location', `/v1/budgets/${state.year}`);
    return budgetView(state);
  }
}
