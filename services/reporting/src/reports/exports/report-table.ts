import { formatTkr } from '@ramprognos/money';
import type { GroupBy } from '../budget-deviation';
import type { BudgetDeviationView, FiguresView, RowView } from '../budget-deviation/budget-deviation-view';

/*
 * The budget-deviation report as a table for people: Swedish headings, money in tkr rounded per
 * cell (SPEC §6), the rows, then OKLASSIFICERAT, the two subtotals and the total. CSV and XLSX
 * render the same table, so they cannot disagree.
 */

/** A cell: text, a whole number of tkr, a volume, nothing, or withheld from the caller's role. */
export type Cell =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'tkr'; readonly value: bigint }
  | { readonly kind: 'count'; readonly value: number }
  | { readonly kind: 'empty' }
  | { readonly kind: 'suppressed' };

export type RowKind = 'row' | 'unclassified' | 'subtotal' | 'total';

export interface TableRow {
  readonly kind: RowKind;
  readonly cells: readonly Cell[];
}

export interface ColumnSpec {
  readonly header: string;
  readonly kind: 'text' | 'tkr' | 'count';
}

export interface ReportTable {
  readonly groupBy: GroupBy;
  /** The sheet's name in the workbook. */
  readonly title: string;
  readonly columns: readonly ColumnSpec[];
  readonly rows: readonly TableRow[];
}

export const GROUPING_TITLES: Readonly<Record<GroupBy, string>> = {
  frame: 'Ram',
  area: 'Verksamhetsområde',
  line: 'Kostnadslinje',
};

/** What the marker means, for the reader of an export. */
export const SUPPRESSED_MARKER = 'x';
export const SUPPRESSED_NOTE =
  'x = visas inte (SPEC §8): hushåll, placeringar eller vårddygn 1–4 i någon publicerad månad, eller ingen månad publicerad ännu';

type Money = keyof Omit<FiguresView, 'suppressed'>;

const MONEY_COLUMNS: readonly (readonly [Money, string])[] = [
  ['annualBudget', 'Budget helår (tkr)'],
  ['budgetYtd', 'Periodiserad budget (tkr)'],
  ['actualYtd', 'Utfall (tkr)'],
  ['deviationYtd', 'Avvikelse (tkr)'],
  ['forecastStatistical', 'Statistisk prognos helår (tkr)'],
  ['forecastAdjustment', 'Prognosjustering (tkr)'],
  ['forecastFullYear', 'Prognos helår (tkr)'],
  ['forecastDeviation', 'Prognostiserad avvikelse (tkr)'],
  ['forecastLow', 'Prognos lägst (tkr)'],
  ['forecastHigh', 'Prognos högst (tkr)'],
  ['previousForecastDeviation', 'Föregående prognostiserad avvikelse (tkr)'],
  ['volumeEffect', 'Varav volym (tkr)'],
  ['priceEffect', 'Varav pris (tkr)'],
];

const text = (value: string | null | undefined): Cell =>
  value === null || value === undefined || value === '' ? { kind: 'empty' } : { kind: 'text', value };

function money(figures: Partial<FiguresView>, field: Money): Cell {
  if (figures.suppressed?.includes(field)) return { kind: 'suppressed' };
  const value = figures[field];
  return value === null || value === undefined
    ? { kind: 'empty' }
    : { kind: 'tkr', value: formatTkr(BigInt(value)) };
}

function count(value: number | null | undefined, suppressed: boolean): Cell {
  if (suppressed) return { kind: 'suppressed' };
  return value === null || value === undefined ? { kind: 'empty' } : { kind: 'count', value };
}

function figureCells(code: string, name: string, figures: Partial<FiguresView>, row?: RowView): Cell[] {
  const volume = row?.volume ?? null;
  return [
    text(code),
    text(name),
    ...MONEY_COLUMNS.map(([field]) => money(figures, field)),
    text(row?.method),
    text(volume?.unit),
    count(volume?.budget, false),
    count(volume?.actualYtd, volume?.suppressed === true),
    count(volume?.forecastFullYear, volume?.suppressed === true),
  ];
}

export function reportTable(view: BudgetDeviationView): ReportTable {
  const isLine = view.groupBy === 'line';
  const columns: ColumnSpec[] = [
    { header: 'Kod', kind: 'text' },
    { header: 'Namn', kind: 'text' },
    ...MONEY_COLUMNS.map(([, header]) => ({ header, kind: 'tkr' as const })),
    { header: 'Prognosmetod', kind: 'text' },
    { header: 'Volymenhet', kind: 'text' },
    { header: 'Budgeterad volym', kind: 'count' },
    { header: 'Volym utfall', kind: 'count' },
    { header: 'Volym prognos helår', kind: 'count' },
    ...(isLine
      ? [
          { header: 'Ram', kind: 'text' as const },
          { header: 'Verksamhetsområde', kind: 'text' as const },
          { header: 'Kommentar till prognosjustering', kind: 'text' as const },
        ]
      : []),
  ];
  const lineExtras = (row?: RowView): Cell[] =>
    isLine ? [text(row?.frame), text(row?.area), text(row?.forecastAdjustmentComment)] : [];
  const blankExtras = (): Cell[] => lineExtras(undefined);

  const u = view.unclassified;
  const unclassified: Partial<FiguresView> = {
    annualBudget: 0,
    budgetYtd: 0,
    actualYtd: u.actualYtd,
    deviationYtd: -u.actualYtd,
    forecastStatistical: u.forecastFullYear,
    forecastAdjustment: u.forecastFullYear === null ? null : 0,
    forecastFullYear: u.forecastFullYear,
    forecastDeviation: u.forecastFullYear === null ? null : -u.forecastFullYear,
    forecastLow: u.forecastLow,
    forecastHigh: u.forecastHigh,
  };
  return {
    groupBy: view.groupBy,
    title: GROUPING_TITLES[view.groupBy],
    columns,
    rows: [
      ...view.rows.map((row) => ({
        kind: 'row' as const,
        cells: [...figureCells(row.code, row.name, row, row), ...lineExtras(row)],
      })),
      {
        kind: 'unclassified',
        cells: [
          ...figureCells('OKLASSIFICERAT', `Oklassificerat (${u.keyCount} nycklar)`, unclassified),
          ...blankExtras(),
        ],
      },
      {
        kind: 'subtotal',
        cells: [
          ...figureCells('', 'Summa ramar med resultatansvar', view.subtotals.accountable),
          ...blankExtras(),
        ],
      },
      {
        kind: 'subtotal',
        cells: [
          ...figureCells('', 'Summa ramar utan resultatansvar', view.subtotals.notAccountable),
          ...blankExtras(),
        ],
      },
      { kind: 'total', cells: [...figureCells('', 'Totalt', view.total), ...blankExtras()] },
    ],
  };
}
