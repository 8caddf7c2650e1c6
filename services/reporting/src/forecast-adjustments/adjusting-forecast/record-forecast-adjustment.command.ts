import { Command } from '@nestjs/cqrs';
import type { ForecastAdjustment } from '../forecast-adjustment';

/** `POST /v1/forecast-adjustments`: a controller's judgement on a line's forecast. */
export class RecordForecastAdjustmentCommand extends Command<ForecastAdjustment> {
  constructor(
    readonly body: unknown,
    readonly by: string,
  ) {
    super();
  }
}
