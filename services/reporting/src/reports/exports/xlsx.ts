import { formatTkr } from '@ramprognos/money';
import ExcelJS from 'exceljs';
import type { BudgetDeviationView } from '../budget-deviation/budget-deviation-view';
import { PUBLICATION_DAY } from '../suppression/publication';
import { SUPPRESSED_MARKER, SUPPRESSED_NOTE, type Cell, type ReportTable } from './report-table';

/*
 * One workbook: a sheet per grouping (Ram, Verksamhetsområde, Kostnadslinje), the OKLASSIFICERAT
 * keys, and what the figures are. tkr are numbers (so Excel can add them) shown with digit
 * grouping; headers frozen; subtotals and the total in bold.
 */

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const TKR_FORMAT = '#,##0;-#,##0';
const COUNT_FORMAT = '#,##0.##';

function value(c: Cell): string | number | null {
  switch (c.kind) {
    case 'text':
      return c.value;
    case 'tkr':
      return Number(c.value);
    case 'count':
      return c.value;
    case 'empty':
      return null;
    case 'suppressed':
      return SUPPRESSED_MARKER;
    default: {
      const unknown: never = c;
      return unknown;
    }
  }
}

function addTable(workbook: ExcelJS.Workbook, table: ReportTable): void {
  const sheet = workbook.addWorksheet(table.title, { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  sheet.columns = table.columns.map((column, i) => ({
    header: column.header,
    key: `c${i}`,
    width: i === 1 ? 40 : column.kind === 'text' ? 18 : Math.max(12, Math.min(column.header.length + 2, 24)),
    style:
      column.kind === 'tkr'
        ? { numFmt: TKR_FORMAT }
        : column.kind === 'count'
          ? { numFmt: COUNT_FORMAT }
          : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).alignment = { wrapText: true, vertical: 'top' };
  for (const row of table.rows) {
    const added = sheet.addRow(row.cells.map(value));
    row.cells.forEach((c, i) => {
      if (c.kind === 'suppressed') added.getCell(i + 1).alignment = { horizontal: 'right' };
    });
    if (row.kind === 'subtotal' || row.kind === 'total') added.font = { bold: true };
    if (row.kind === 'unclassified') added.font = { italic: true };
  }
}

export interface WorkbookInput {
  /** One view per grouping, in sheet order. */
  readonly views: readonly BudgetDeviationView[];
  readonly tables: readonly ReportTable[];
  readonly createdAt: Date;
}

export async function toXlsx({ views, tables, createdAt }: WorkbookInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Ramprognos';
  workbook.created = createdAt;
  workbook.modified = createdAt;
  for (const table of tables) addTable(workbook, table);

  const first = views[0];
  const unclassified = workbook.addWorksheet('Oklassificerat', { views: [{ state: 'frozen', ySplit: 1 }] });
  unclassified.columns = [
    { header: 'Nyckel', key: 'key', width: 60 },
    { header: 'Ström', key: 'stream', width: 12 },
    { header: 'Fält', key: 'fields', width: 50 },
    { header: 'Utfall (tkr)', key: 'actual', width: 14, style: { numFmt: TKR_FORMAT } },
    { header: 'Prognos helår (tkr)', key: 'forecast', width: 18, style: { numFmt: TKR_FORMAT } },
  ];
  unclassified.getRow(1).font = { bold: true };
  for (const item of first?.unclassified.items ?? []) {
    unclassified.addRow([
      item.key,
      item.stream,
      Object.entries(item.fields)
        .map(([field, v]) => `${field}=${v}`)
        .join(', '),
      Number(tkr(item.actualYtd)),
      item.forecastFullYear === null ? null : Number(tkr(item.forecastFullYear)),
    ]);
  }

  const about = workbook.addWorksheet('Om rapporten');
  about.columns = [
    { header: 'Uppgift', key: 'k', width: 28 },
    { header: 'Värde', key: 'v', width: 80 },
  ];
  about.getRow(1).font = { bold: true };
  if (first !== undefined) {
    about.addRows([
      ['Rapport', 'Budgetavvikelse och prognos helår'],
      ['År', first.year],
      ['Utfall till och med', first.asOf],
      ['Kunskapsläge (knownAt)', first.knownAt],
      ['Belopp', 'tkr, avrundade per cell (halva bort från noll); summor är beräknade i öre'],
      ['Avvikelse', 'budget − kostnad: positiv = överskott, negativ = underskott'],
      ['Sekretess', SUPPRESSED_NOTE],
      ...(first.volumesPublished === undefined
        ? []
        : [
            [
              'Volymer',
              first.volumesPublished.through === null
                ? 'ännu ingen månad publicerad: volymer och volym/pris visas inte'
                : `publicerade månader till och med ${first.volumesPublished.through} (kunskapsläge ${first.volumesPublished.knownAt}); en månad publiceras den ${PUBLICATION_DAY}:e i nästa månad och ändras sedan aldrig`,
            ],
          ]),
    ]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function tkr(ore: number): bigint {
  return formatTkr(BigInt(ore));
}
