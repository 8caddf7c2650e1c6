import type { BudgetEvent } from '../budget';
import { BudgetConcurrencyError, type BudgetEventStore, type BudgetStream } from './budget-event-store';

/** The store for unit tests: same contract as PostgreSQL, kept in a map; events are copied, like a database would. */
export class InMemoryBudgetEventStore implements BudgetEventStore {
  private readonly streams = new Map<number, BudgetEvent[]>();
  /** Called before each append, so a test can slip in a competing writer. */
  beforeAppend?: (year: number) => Promise<void> | void;

  async load(year: number): Promise<BudgetStream> {
    const events = this.streams.get(year) ?? [];
    return { events: structuredClone(events), version: events.length };
  }

  async append(year: number, expectedVersion: number, events: readonly BudgetEvent[]): Promise<void> {
    await this.beforeAppend?.(year);
    const stream = this.streams.get(year) ?? [];
    if (stream.length !== expectedVersion) throw new BudgetConcurrencyError(year, expectedVersion);
    this.streams.set(year, [...stream, ...structuredClone(events)]);
  }
}
