import {
  Controller,
  HttpCode,
  HttpException,
  Inject,
  Logger,
  PayloadTooLargeException,
  Post,
  Query,
  Req,
  Res,
  UnsupportedMediaTypeException,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  EventIngestion,
  IngestTokenGuard,
  eventErrorsSchema,
  principalOf,
  type IngestRequest,
} from '@ramprognos/ingestion';
import { errorBody, SERVICE_CONFIG } from '@ramprognos/service-kit';
import type { ServerResponse } from 'node:http';
import type { PaymentsConfig } from '../../config';
import { DEFAULT_LEDGER_SOURCE, importLedger, type LedgerImported } from './import-ledger';
import { parseByteSize } from './byte-size';

const CSV_MEDIA_TYPES =
  /^(text\/csv|text\/plain|application\/octet-stream|application\/vnd\.ms-excel)\s*(;|$)/i;

const importedSchema = {
  type: 'object',
  required: ['source', 'encoding', 'rows', 'accepted', 'duplicates', 'ignoredColumns'],
  properties: {
    source: { type: 'string' },
    encoding: { type: 'string', enum: ['utf-8', 'windows-1252'] },
    rows: { type: 'integer', description: 'data rows in the file' },
    accepted: { type: 'integer', description: 'new postings, stored and queued for publishing' },
    duplicates: { type: 'integer', description: 'postings imported before, or repeated in the file' },
    ignoredColumns: { type: 'array', items: { type: 'string' } },
  },
};

const rowErrorsSchema = {
  type: 'object',
  required: ['errors'],
  properties: {
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['message'],
        properties: {
          row: { type: 'integer', description: 'line of the file (the header is line 1)' },
          column: { type: 'string', description: 'the column as the header names it' },
          field: { type: 'string', description: 'the event field, e.g. data.amount' },
          message: { type: 'string', description: 'what is wrong; never repeats the value' },
        },
      },
    },
  },
};

@ApiTags('imports')
@ApiBearerAuth()
@UseGuards(IngestTokenGuard)
@Controller('v1/imports')
export class LedgerImportController {
  private readonly logger = new Logger('ImportingLedgerCsv');
  private readonly limit: number;

  constructor(
    @Inject(EventIngestion) private readonly ingestion: EventIngestion,
    @Inject(SERVICE_CONFIG) config: PaymentsConfig,
  ) {
    this.limit = parseByteSize(config.LEDGER_IMPORT_LIMIT);
  }

  @Post('ledger')
  @HttpCode(202)
  @ApiOperation({
    summary: "Import the ekonomisystem's ledger export as ledger.posted.v1 events",
    description:
      'Semicolon-separated, decimal comma, UTF-8 or Windows-1252, a header row. Columns (any order, ' +
      'other columns ignored): Verifikation (posting id; required), Bokföringsdatum (YYYY-MM-DD or ' +
      'YYYYMMDD; required), Konto (required), Ansvar, Verksamhet, Belopp (e.g. -1 234,50; required), ' +
      'Text, Registrerad (RFC 3339 knowledge time; default the upload time). All or nothing; ' +
      'uploading the same file again is acknowledged as duplicates.',
  })
  @ApiConsumes('text/csv')
  @ApiQuery({
    name: 'source',
    required: false,
    description: `CloudEvents source of the postings; default ${DEFAULT_LEDGER_SOURCE}`,
  })
  @ApiBody({
    schema: {
      type: 'string',
      format: 'binary',
      example:
        'Verifikation;Bokföringsdatum;Konto;Ansvar;Verksamhet;Belopp;Text\nV2023-1;2023-05-02;4560;7101;420;-1 234,50;Hyra',
    },
  })
  @ApiResponse({
    status: 202,
    description: 'Imported (or acknowledged as duplicates)',
    schema: importedSchema,
  })
  @ApiResponse({ status: 400, description: 'The body cannot be read as text', schema: eventErrorsSchema })
  @ApiResponse({ status: 401, description: 'No valid bearer token', schema: eventErrorsSchema })
  @ApiResponse({ status: 403, description: 'The token may not write this source', schema: eventErrorsSchema })
  @ApiResponse({
    status: 409,
    description: 'Postings imported before with other content',
    schema: rowErrorsSchema,
  })
  @ApiResponse({
    status: 413,
    description: 'The file is larger than LEDGER_IMPORT_LIMIT',
    schema: eventErrorsSchema,
  })
  @ApiResponse({ status: 415, description: 'Not text/csv', schema: eventErrorsSchema })
  @ApiResponse({
    status: 422,
    description: 'Row errors, by row and column; nothing applied',
    schema: rowErrorsSchema,
  })
  @ApiResponse({
    status: 503,
    description: 'The database is down: upload the same file again after Retry-After seconds',
    schema: eventErrorsSchema,
  })
  async importLedger(
    @Req() request: IngestRequest,
    @Res({ passthrough: true }) response: ServerResponse,
    @Query('source') source: string | undefined,
  ): Promise<LedgerImported> {
    const contentType = request.headers['content-type'] ?? '';
    if (!CSV_MEDIA_TYPES.test(contentType)) {
      throw new UnsupportedMediaTypeException(
        errorBody({ field: 'content-type', message: 'must be text/csv' }),
      );
    }
    const bytes = await readBody(request, this.limit);
    if (bytes === null) {
      // The rest of the upload is not read; closing is the only way to stop it cheaply.
      response.setHeader('Connection', 'close');
      throw new PayloadTooLargeException(
        errorBody({
          field: 'body',
          message: `the file is larger than ${this.limitText()} (LEDGER_IMPORT_LIMIT)`,
        }),
      );
    }
    const started = Date.now();
    const reply = await importLedger(
      {
        bytes,
        charset: charsetOf(contentType),
        source: source ?? DEFAULT_LEDGER_SOURCE,
        principal: principalOf(request),
      },
      this.ingestion,
      {
        now: () => new Date(),
        progress: (rows) => this.logger.log({ msg: 'ledger import progress', rowsRead: rows }),
        refused: (principal, refused) =>
          this.logger.warn({
            msg: 'ledger import refused: the token may not write this source',
            tokenRef: principal.tokenRef,
            refusedSources: [refused],
          }),
      },
    );
    if (reply.status !== 202) {
      this.logger.warn({
        msg: 'ledger import rejected',
        status: reply.status,
        errors: reply.body.errors.length,
      });
      throw new HttpException(reply.body, reply.status);
    }
    this.logger.log({ msg: 'ledger import done', ...reply.body, ms: Date.now() - started });
    return reply.body;
  }

  private limitText(): string {
    return `${Math.round(this.limit / 1024 / 1024)} MB`;
  }
}

/** The body, or null when it exceeds the limit. */
async function readBody(request: IngestRequest, limit: number): Promise<Buffer | null> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function charsetOf(contentType: string): string | undefined {
  return /;\s*charset=([^;]+)/i.exec(contentType)?.[1];
}
