import type { InboundEvent } from '@ramprognos/contracts';
import type { EventIngestion, IngestPrincipal } from '@ramprognos/ingestion';
import { decodeCsv, parseCsv, type CsvEncoding } from './csv';
import { columnOfField, readHeader, rowsToEvents, type RowError } from './ledger-rows';

/** The ekonomisystem's source when the request names none. */
export const DEFAULT_LEDGER_SOURCE = 'urn:system:raindance';

const MAX_REPORTED_ERRORS = 1000;

export interface LedgerImported {
  readonly source: string;
  readonly encoding: CsvEncoding;
  /** Data rows in the file. */
  readonly rows: number;
  /** New postings, stored and queued for publishing. */
  readonly accepted: number;
  /** Postings imported before (a re-upload) or repeated within the file. */
  readonly duplicates: number;
  /** Columns of the file that are not read. */
  readonly ignoredColumns: readonly string[];
}

export type ImportReply =
  | { readonly status: 202; readonly body: LedgerImported }
  | { readonly status: 400 | 403 | 409 | 422; readonly body: { readonly errors: readonly object[] } };

export interface ImportRequest {
  readonly bytes: Uint8Array;
  readonly charset?: string;
  readonly source: string;
  readonly principal: IngestPrincipal;
}

export interface ImportHooks {
  readonly now: () => Date;
  readonly progress?: (rows: number) => void;
  readonly refused?: (principal: IngestPrincipal, source: string) => void;
}

/**
 * POST /v1/imports/ledger: the export → ledger.posted.v1 events, all or nothing. Every row
 * error is reported with its row and column and nothing is applied; a file that was imported
 * before is acknowledged as duplicates (same ids, and each posting keeps the time of its first
 * import), while a posting that comes back changed is a conflict (409), also applying nothing.
 */
export async function importLedger(
  request: ImportRequest,
  ingestion: EventIngestion,
  hooks: ImportHooks,
): Promise<ImportReply> {
  if (!request.principal.sources.includes(request.source)) {
    hooks.refused?.(request.principal, request.source);
    return fail(403, {
      field: 'source',
      message: `this token may not write the source ${request.source}; it may write ${request.principal.sources.join(', ')}`,
    });
  }
  const decoded = decodeCsv(request.bytes, request.charset);
  if (!decoded.ok) return fail(400, { field: 'body', message: decoded.message });
  const parsed = parseCsv(decoded.text);
  if (!parsed.ok) return fail(422, { row: parsed.line, message: parsed.message });
  const [headerRecord, ...records] = parsed.records;
  if (headerRecord === undefined)
    return fail(422, { row: 1, message: 'the file is empty; it needs a header row' });
  const header = readHeader(headerRecord);
  if (!header.ok) return rowErrors(header.errors);

  const rows = rowsToEvents(records, header.header, {
    source: request.source,
    uploadTime: hooks.now().toISOString(),
    onProgress: hooks.progress,
  });
  if (rows.errors.length > 0) return rowErrors(rows.errors);
  const validation = ingestion.validate(rows.events);
  if (!validation.ok) {
    return rowErrors(
      validation.errors.map((e) => ({
        row: rows.lines[e.index],
        column: e.field === 'source' ? 'source (query parameter)' : columnOfField(e.field, header.header),
        field: e.field,
        message: e.message,
      })),
    );
  }

  // Twice at most: an import racing an identical one can see its first times only after it commits.
  for (let attempt = 1; ; attempt += 1) {
    const events = await withFirstImportTimes(validation.events, request.source, ingestion);
    const result = await ingestion.ingest(events, 'all-or-nothing', 'import');
    if (result.conflicts.length === 0) {
      return {
        status: 202,
        body: {
          source: request.source,
          encoding: decoded.encoding,
          rows: records.length,
          accepted: result.accepted,
          duplicates: result.duplicates + rows.repeated,
          ignoredColumns: header.header.ignored,
        },
      };
    }
    if (attempt === 2) {
      return {
        status: 409,
        body: {
          errors: result.conflicts.slice(0, MAX_REPORTED_ERRORS).map((index) => ({
            row: rows.lines[index],
            column: header.header.name.get('postingId'),
            field: 'data.postingId',
            message:
              'this posting was imported before with other content; nothing from this file was applied',
          })),
        },
      };
    }
  }
}

async function withFirstImportTimes(
  events: readonly InboundEvent[],
  source: string,
  ingestion: EventIngestion,
): Promise<InboundEvent[]> {
  const stored = await ingestion.storedTimes(
    source,
    events.map((e) => e.id),
  );
  return events.map((event) => {
    const time = stored.get(event.id);
    return time === undefined || time === event.time ? event : { ...event, time };
  });
}

function rowErrors(errors: readonly RowError[]): ImportReply {
  const reported: object[] = errors.slice(0, MAX_REPORTED_ERRORS);
  if (errors.length > MAX_REPORTED_ERRORS) {
    reported.push({ message: `and ${errors.length - MAX_REPORTED_ERRORS} more errors` });
  }
  return { status: 422, body: { errors: reported } };
}

function fail(status: 400 | 403 | 422, error: object): ImportReply {
  return { status, body: { errors: [error] } };
}
