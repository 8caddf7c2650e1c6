import { DATA_CONTENT_TYPE, EVENT_TYPES, SPEC_VERSION, type InboundEvent } from '@ramprognos/contracts';
import { formatSek, tryParseSekComma } from '@ramprognos/money';
import type { CsvRecord } from './csv';

/*
 * The ledger export (SPEC §8): one posting per row, a header row naming the columns. Names are
 * matched without case or diacritics, Swedish or English; other columns are ignored.
 *
 *   column            event field      required  content
 *   Verifikation      data.postingId   yes       the posting's unique id; also the event id and subject
 *   Bokföringsdatum   data.bookedOn    yes       YYYY-MM-DD or YYYYMMDD
 *   Konto             data.account     yes
 *   Ansvar            data.responsibility
 *   Verksamhet        data.activity
 *   Belopp            data.amount      yes       decimal comma, e.g. -1 234,50 (cost +, revenue −)
 *   Text              data.text
 *   Registrerad       time                       RFC 3339; default: the upload time (a re-upload
 *                                                keeps the time of the first)
 */

export type LedgerField =
  'postingId' | 'bookedOn' | 'account' | 'responsibility' | 'activity' | 'amount' | 'text' | 'time';

interface ColumnSpec {
  readonly field: LedgerField;
  readonly names: readonly string[];
  readonly required: boolean;
}

export const LEDGER_COLUMNS: readonly ColumnSpec[] = [
  { field: 'postingId', names: ['verifikation', 'verifikationsnummer', 'postingid'], required: true },
  { field: 'bookedOn', names: ['bokforingsdatum', 'bookedon'], required: true },
  { field: 'account', names: ['konto', 'account'], required: true },
  { field: 'responsibility', names: ['ansvar', 'responsibility'], required: false },
  { field: 'activity', names: ['verksamhet', 'activity'], required: false },
  { field: 'amount', names: ['belopp', 'amount'], required: true },
  { field: 'text', names: ['text'], required: false },
  { field: 'time', names: ['registrerad', 'time'], required: false },
];

/** One problem with the file: the line of the row (header = 1) and the column as the file names it. */
export interface RowError {
  readonly row: number;
  readonly column?: string;
  readonly field?: string;
  readonly message: string;
}

export interface Header {
  /** Cell index of each known column present. */
  readonly index: ReadonlyMap<LedgerField, number>;
  /** The column's name as written in the file. */
  readonly name: ReadonlyMap<LedgerField, string>;
  readonly width: number;
  readonly ignored: readonly string[];
}

function normalise(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s_-]/g, '');
}

export function readHeader(
  record: CsvRecord,
): { ok: true; header: Header } | { ok: false; errors: RowError[] } {
  const index = new Map<LedgerField, number>();
  const name = new Map<LedgerField, string>();
  const ignored: string[] = [];
  const errors: RowError[] = [];
  record.cells.forEach((cell, position) => {
    const spec = LEDGER_COLUMNS.find((c) => c.names.includes(normalise(cell)));
    if (spec === undefined) {
      if (cell.trim() !== '') ignored.push(cell.trim().slice(0, 64));
    } else if (index.has(spec.field)) {
      errors.push({
        row: record.line,
        column: cell.trim(),
        message: `names the ${spec.field} column a second time`,
      });
    } else {
      index.set(spec.field, position);
      name.set(spec.field, cell.trim());
    }
  });
  for (const spec of LEDGER_COLUMNS) {
    if (spec.required && !index.has(spec.field)) {
      errors.push({
        row: record.line,
        column: spec.names[0],
        message: `the header has no ${spec.names[0]} (${spec.field}) column; required columns: ${LEDGER_COLUMNS.filter(
          (c) => c.required,
        )
          .map((c) => c.names[0])
          .join(', ')}`,
      });
    }
  }
  return errors.length > 0
    ? { ok: false, errors }
    : { ok: true, header: { index, name, width: record.cells.length, ignored } };
}

export interface RowEvents {
  readonly events: readonly InboundEvent[];
  /** For each event, the line of its row. */
  readonly lines: readonly number[];
  /** Rows repeating an earlier row exactly (same posting, same content): left out. */
  readonly repeated: number;
  readonly errors: readonly RowError[];
}

const COMPACT_DATE = /^([0-9]{4})([0-9]{2})([0-9]{2})$/;

/**
 * Rows → ledger.posted events. The event id and subject are the posting id, so a re-upload
 * of the same file names the same events (and is acknowledged as duplicates). Cell problems are
 * reported by row and column; schema rules are left to the contracts' validation after this.
 */
export function rowsToEvents(
  records: readonly CsvRecord[],
  header: Header,
  options: {
    readonly source: string;
    readonly uploadTime: string;
    readonly onProgress?: (rows: number) => void;
  },
): RowEvents {
  const events: InboundEvent[] = [];
  const lines: number[] = [];
  const errors: RowError[] = [];
  const firstRow = new Map<string, { line: number; content: string }>();
  let repeated = 0;
  records.forEach((record, position) => {
    if ((position + 1) % 10_000 === 0) options.onProgress?.(position + 1);
    if (record.cells.length !== header.width) {
      errors.push({
        row: record.line,
        message: `has ${record.cells.length} cells; the header has ${header.width}`,
      });
      return;
    }
    const cell = (field: LedgerField): string | undefined => {
      const at = header.index.get(field);
      const value = at === undefined ? undefined : record.cells[at].trim();
      return value === '' ? undefined : value;
    };
    const rowErrors: RowError[] = [];
    const required = (field: LedgerField): string => {
      const value = cell(field);
      if (value === undefined)
        rowErrors.push({ row: record.line, column: header.name.get(field), message: 'is required' });
      return value ?? '';
    };
    const postingId = required('postingId');
    const bookedOn = required('bookedOn').replace(COMPACT_DATE, '$1-$2-$3');
    const account = required('account');
    const amountCell = required('amount');
    let amount = '';
    if (amountCell !== '') {
      const parsed = tryParseSekComma(amountCell);
      if (parsed.ok) amount = formatSek(parsed.ore);
      else
        rowErrors.push({
          row: record.line,
          column: header.name.get('amount'),
          field: 'data.amount',
          message: parsed.message,
        });
    }
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      return;
    }
    const data = {
      postingId,
      bookedOn,
      account,
      ...optional('responsibility', cell('responsibility')),
      ...optional('activity', cell('activity')),
      amount,
      ...optional('text', cell('text')),
    };
    const content = JSON.stringify([data, cell('time') ?? null]);
    const first = firstRow.get(postingId);
    if (first !== undefined) {
      if (first.content === content) repeated += 1;
      else {
        errors.push({
          row: record.line,
          column: header.name.get('postingId'),
          field: 'data.postingId',
          message: `repeats the posting of row ${first.line} with other content`,
        });
      }
      return;
    }
    firstRow.set(postingId, { line: record.line, content });
    events.push({
      specversion: SPEC_VERSION,
      id: postingId,
      source: options.source,
      type: EVENT_TYPES.ledgerPosted,
      time: cell('time') ?? options.uploadTime,
      subject: postingId,
      datacontenttype: DATA_CONTENT_TYPE,
      data,
    });
    lines.push(record.line);
  });
  return { events, lines, repeated, errors };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** The column a validation error's field points at. */
export function columnOfField(field: string, header: Header): string | undefined {
  const map: Readonly<Record<string, LedgerField>> = {
    id: 'postingId',
    subject: 'postingId',
    time: 'time',
    'data.postingId': 'postingId',
    'data.bookedOn': 'bookedOn',
    'data.account': 'account',
    'data.responsibility': 'responsibility',
    'data.activity': 'activity',
    'data.amount': 'amount',
    'data.text': 'text',
  };
  const ledgerField = map[field];
  return ledgerField === undefined ? undefined : header.name.get(ledgerField);
}
