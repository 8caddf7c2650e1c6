import type { BudgetEvent } from '../budget';

/** A year's budget stream as stored: its events in order and its version (= the number of events). */
export interface BudgetStream {
  readonly events: readonly BudgetEvent[];
  readonly version: number;
}

/**
 * Where budget events live: one stream per year, appended with optimistic concurrency. `append`
 * succeeds only when the stream is still at `expectedVersion`; otherwise it throws
 * `BudgetConcurrencyError` and writes nothing.
 */
export interface BudgetEventStore {
  load(year: number): Promise<BudgetStream>;
  append(year: number, expectedVersion: number, events: readonly BudgetEvent[]): Promise<void>;
}

export const BUDGET_EVENT_STORE = Symbol('BUDGET_EVENT_STORE');

export class BudgetConcurrencyError extends Error {
  override readonly name = 'BudgetConcurrencyError';

  constructor(
    readonly year: number,
    readonly expectedVersion: number,
  ) {
    super(`the budget stream of ${year} moved past version ${expectedVersion}`);
  }
}
