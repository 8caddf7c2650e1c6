import { Query } from '@nestjs/cqrs';
import type { GroupBy } from '../inputs';
import type { BudgetDeviationView } from '../budget-deviation-view';

export interface BudgetDeviationRequest {
  readonly year: number;
  readonly asOf: string;
  /** null: now (the clock), echoed in the reply. */
  readonly knownAt: string | null;
  /** The groupings to compute, in reply order (XLSX wants all three). */
  readonly groupings: readonly GroupBy[];
  /** The caller's Authorization header, forwarded to the forecast service. */
  readonly authorization: string | undefined;
  /** false for the ekonom role: counts of 1–4 are suppressed (SPEC §8). */
  readonly seesSmallCounts: boolean;
}

/** `GET /v1/reports/budget-deviation`: one view per requested grouping. */
export class GetBudgetDeviationQuery extends Query<readonly BudgetDeviationView[]> {
  constructor(readonly request: BudgetDeviationRequest) {
    super();
  }
}
