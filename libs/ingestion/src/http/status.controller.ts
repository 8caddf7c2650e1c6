import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { EventIngestion } from '../events/event-ingestion';
import { statusSchema } from './openapi';

/** SPEC §8; open like /health: it carries no personal data. */
@ApiTags('status')
@Controller('v1')
export class IngestionStatusController {
  constructor(@Inject(EventIngestion) private readonly ingestion: EventIngestion) {}

  @Get('status')
  @ApiOperation({ summary: 'Accepted events not yet published (grows while Kafka is down)' })
  @ApiOkResponse({ schema: statusSchema })
  @ApiResponse({ status: 503, description: 'The database is down; Retry-After says when to ask again' })
  async status(): Promise<{ outboxPending: number }> {
    return { outboxPending: await this.ingestion.outboxPending() };
  }
}
