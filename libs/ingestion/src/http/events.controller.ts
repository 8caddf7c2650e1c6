import {
  Body,
  Controller,
  HttpCode,
  HttpException,
  Inject,
  Logger,
  Post,
  Req,
  Type,
  UnsupportedMediaTypeException,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { INGEST_ENDPOINTS } from '@ramprognos/contracts';
import { errorBody } from '@ramprognos/service-kit';
import { IngestTokenGuard, principalOf, type IngestRequest } from '../auth/ingest-token.guard';
import { EventIngestion } from '../events/event-ingestion';
import type { IngestionSpec } from '../ingestion-spec';
import { acceptedSchema, eventErrorsSchema, eventsRequestSchema } from './openapi';
import { receiveEvents, type Accepted } from './receive-events';

const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

/**
 * POST /v1/events of one service. A class per service, because its OpenAPI body schema lists
 * that service's own event types.
 */
export function eventsControllerFor(spec: IngestionSpec, maxEvents: number): Type<unknown> {
  const other = spec.service === 'intake' ? 'payments' : 'intake';

  @ApiTags('events')
  @ApiBearerAuth()
  @UseGuards(IngestTokenGuard)
  @Controller('v1')
  class EventsController {
    private readonly logger = new Logger('ReceivingEvents');

    constructor(@Inject(EventIngestion) private readonly ingestion: EventIngestion) {}

    @Post('events')
    @HttpCode(202)
    @ApiOperation({
      summary: `Ingest ${spec.service} events (CloudEvents 1.0, structured JSON)`,
      description:
        `One event or an array, validated as a whole: any invalid event rejects the request and nothing ` +
        `from it is applied. (source, id) is idempotent: the same content again is a duplicate, other ` +
        `content a 409. The token must be allowed to write every event's source. ` +
        `Types of the ${other} service go to ${INGEST_ENDPOINTS[other]}.`,
    })
    @ApiConsumes('application/json')
    @ApiBody({ schema: eventsRequestSchema(spec, maxEvents) })
    @ApiResponse({ status: 202, description: 'Stored and queued for publishing', schema: acceptedSchema })
    @ApiResponse({ status: 400, description: 'Not a JSON object or array', schema: eventErrorsSchema })
    @ApiResponse({ status: 401, description: 'No valid bearer token', schema: eventErrorsSchema })
    @ApiResponse({
      status: 403,
      description: "The token may not write an event's source",
      schema: eventErrorsSchema,
    })
    @ApiResponse({
      status: 409,
      description: 'A (source, id) was taken before with other content',
      schema: eventErrorsSchema,
    })
    @ApiResponse({ status: 413, description: 'Body or batch too large', schema: eventErrorsSchema })
    @ApiResponse({ status: 415, description: 'Not application/json', schema: eventErrorsSchema })
    @ApiResponse({
      status: 422,
      description: 'Invalid events: every problem, by event and field',
      schema: eventErrorsSchema,
    })
    @ApiResponse({
      status: 503,
      description: 'The database is down: send the same request again after Retry-After seconds',
      schema: eventErrorsSchema,
    })
    async receive(@Req() request: IngestRequest, @Body() body: unknown): Promise<Accepted> {
      if (!JSON_MEDIA_TYPE.test(request.headers['content-type'] ?? '')) {
        throw new UnsupportedMediaTypeException(
          errorBody({ field: 'content-type', message: 'must be application/json' }),
        );
      }
      const reply = await receiveEvents(body, principalOf(request), this.ingestion, {
        maxEvents,
        onRefused: (principal, sources, events) =>
          this.logger.warn({
            msg: 'ingestion refused: the token may not write these sources',
            tokenRef: principal.tokenRef,
            refusedSources: sources,
            events,
          }),
      });
      if (reply.status !== 202) throw new HttpException(reply.body, reply.status);
      return reply.body;
    }
  }
  return EventsController;
}
