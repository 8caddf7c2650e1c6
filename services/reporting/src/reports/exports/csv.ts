import { SUPPRESSED_MARKER, type Cell, type ReportTable } from './report-table';

/*
 * Swedish CSV as Excel opens it on a Swedish machine: UTF-8 with BOM (else å, ä, ö break),
 * semicolons (the Swedish list separator), decimal comma, CRLF, '-' for minus, no digit grouping
 * (a space in a number makes it text). Text that Excel would read as a formula is made inert.
 */

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
const BOM = '\uFEFF';

/** Numbers with a decimal comma; volumes to at most two decimals. */
export function swedishNumber(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  const rounded = Math.round(value * 100) / 100;
  return (Object.is(rounded, -0) ? 0 : rounded).toString().replace('.', ',');
}

export function csvText(value: string): string {
  // Excel runs cells starting with these as formulas (CSV injection); a leading ' keeps it text.
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(inert) || inert !== inert.trim() ? `"${inert.replace(/"/g, '""')}"` : inert;
}

function cell(c: Cell): string {
  switch (c.kind) {
    case 'text':
      return csvText(c.value);
    case 'tkr':
    case 'count':
      return swedishNumber(c.value);
    case 'empty':
      return '';
    case 'suppressed':
      return SUPPRESSED_MARKER;
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
}

export function toCsv(table: ReportTable): string {
  const lines = [
    table.columns.map((c) => csvText(c.header)).join(';'),
    ...table.rows.map((row) => row.cells.map(cell).join(';')),
  ];
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
