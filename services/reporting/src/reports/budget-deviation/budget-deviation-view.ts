import type { BudgetDeviationReport } from './compute-budget-deviation';
import {
  toBudgetDeviationResponse,
  type BudgetDeviationResponse,
  type FiguresJson,
  type RowJson,
} from './response';

/*
 * What `GET /v1/reports/budget-deviation` sends: the SPEC §8 JSON (response.ts) plus what the
 * shell knows beyond the figures: the comment of the forecast adjustment in force per line, how
 * many keys went to OKLASSIFICERAT, and which figures are withheld from the caller's role.
 */

export interface VolumeView {
  readonly unit: string;
  readonly budget: number;
  /** null when suppressed for the caller's role (then `suppressed: true`). */
  readonly actualYtd: number | null;
  readonly forecastFullYear: number | null;
  readonly suppressed?: true;
}

export interface FiguresView extends FiguresJson {
  /** The figures set to null because they would show a count of 1–4 (SPEC §8); absent when none. */
  readonly suppressed?: readonly string[];
}

export interface RowView extends Omit<RowJson, 'volume'>, FiguresView {
  readonly volume: VolumeView | null;
  /** Line rows: the comment of the controller's forecast adjustment in force, else null. */
  readonly forecastAdjustmentComment?: string | null;
}

/**
 * For the ekonom role only: the month its volumes are shown through and the knowledge time they
 * were published at (services/reporting/README.md, "Small counts"); both null before the year's
 * first publication.
 */
export interface VolumesPublished {
  /** `YYYY-MM-DD`, the last day of the last published month the report shows. */
  readonly through: string | null;
  readonly knownAt: string | null;
}

export interface BudgetDeviationView extends Omit<
  BudgetDeviationResponse,
  'rows' | 'total' | 'subtotals' | 'unclassified'
> {
  readonly rows: readonly RowView[];
  readonly total: FiguresView;
  readonly subtotals: { readonly accountable: FiguresView; readonly notAccountable: FiguresView };
  readonly unclassified: BudgetDeviationResponse['unclassified'] & {
    /** How many classification keys no line matched: each is an item, so a rule can be fixed. */
    readonly keyCount: number;
  };
  /** Present for the ekonom role: volumes and the volume/price split are those published through this month. */
  readonly volumesPublished?: VolumesPublished;
}

export function toBudgetDeviationView(
  report: BudgetDeviationReport,
  comments: ReadonlyMap<string, string> = new Map(),
): BudgetDeviationView {
  const response = toBudgetDeviationResponse(report);
  return {
    ...response,
    rows:
      report.groupBy === 'line'
        ? response.rows.map((row) => ({ ...row, forecastAdjustmentComment: comments.get(row.code) ?? null }))
        : response.rows,
    unclassified: { ...response.unclassified, keyCount: response.unclassified.items.length },
  };
}
