import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, JwtAuthGuard, Roles, type Principal } from '@ramprognos/service-kit';
import { WRITERS } from '../../http/roles';
import type { ForecastAdjustment } from '../forecast-adjustment';
import { RecordForecastAdjustmentCommand } from './record-forecast-adjustment.command';

@ApiTags('forecast-adjustments')
@ApiBearerAuth()
@UseGuards(JwtAuthGuard)
@Controller('v1/forecast-adjustments')
export class RecordForecastAdjustmentController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles(...WRITERS)
  @ApiOperation({
    summary: 'A controller’s judgement on a line’s full-year forecast (SEK, signed), with a comment',
    description:
      'The line’s whole judgement as of decidedOn, not an increment: a report with asOf counts, per line, the adjustment with the latest decidedOn ≤ asOf. Post 0 to withdraw.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      example: {
        year: 2023,
        line: 'IFO_FAMILJEHEM',
        decidedOn: '2023-09-05',
        amount: '2500000.00',
        comment: 'Två nya placeringar beslutade i september',
      },
    },
  })
  record(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<ForecastAdjustment> {
    return this.commands.execute(new RecordForecastAdjustmentCommand(body, principal.subject));
  }
}
