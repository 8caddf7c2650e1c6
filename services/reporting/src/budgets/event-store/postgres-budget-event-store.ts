import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BudgetEvent } from '../budget';
import { BudgetConcurrencyError, type BudgetEventStore, type BudgetStream } from './budget-event-store';

const UNIQUE_VIOLATION = '23505';
const EVENT_TYPES: readonly string[] = ['BudgetAdopted', 'BudgetAdjusted'];

interface Row {
  seq: number;
  type: string;
  payload: BudgetEvent['data'];
}

/**
 * `budget_events` in the service's schema: one row per event, `(year, seq)` the primary key. Two
 * writers that loaded the same version both insert seq = version + 1; the key lets one through.
 */
@Injectable()
export class PostgresBudgetEventStore implements BudgetEventStore {
  constructor(private readonly db: DataSource) {}

  async load(year: number): Promise<BudgetStream> {
    const rows: Row[] = await this.db.query(
      'select seq, type, payload from budget_events where year = $1 order by seq',
      [year],
    );
    const events = rows.map((row, i): BudgetEvent => {
      // A gap or an unknown type means the table was edited by hand: refuse rather than fold it.
      if (row.seq !== i + 1 || !EVENT_TYPES.includes(row.type)) {
        throw new Error(`budget_events of ${year} is damaged at seq ${row.seq}`);
      }
      return { type: row.type, data: row.payload } as BudgetEvent;
    });
    return { events, version: events.length };
  }

  async append(year: number, expectedVersion: number, events: readonly BudgetEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.db.transaction(async (tx) => {
        for (const [i, event] of events.entries()) {
          await tx.query(
            `insert into budget_events (year, seq, type, payload, recorded_at, recorded_by)
             values ($1, $2, $3, $4::jsonb, $5, $6)`,
            [
              year,
              expectedVersion + i + 1,
              event.type,
              JSON.stringify(event.data),
              event.data.recordedAt,
              event.data.recordedBy,
            ],
          );
        }
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new BudgetConcurrencyError(year, expectedVersion);
      throw error;
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  return e?.code === UNIQUE_VIOLATION || e?.driverError?.code === UNIQUE_VIOLATION;
}
