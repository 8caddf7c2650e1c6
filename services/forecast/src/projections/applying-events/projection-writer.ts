import type { PublishedEvent } from '@ramprognos/contracts';
import type { DataSource, QueryRunner } from 'typeorm';
import { type EventIdentity, type ProjectionRows, toProjectionRows } from './projection-rows';

export interface PositionedEvent {
  readonly offset: string;
  readonly event: PublishedEvent;
}

export interface AppliedBatch {
  /** Events applied for the first time. */
  readonly applied: number;
  /** Events already applied before (redelivery, or republished by a relay). */
  readonly duplicates: number;
}

type Table = {
  readonly name: string;
  readonly columns: readonly (readonly [name: string, type: string])[];
  readonly key: readonly string[];
  /** earliest: the earliest-known row per business id wins; append: identity is the event. */
  readonly mode: 'earliest' | 'append';
};

const KNOWN: Table['columns'] = [
  ['known_at', 'timestamptz'],
  ['event_id', 'text'],
];

const TABLES: { readonly [K in keyof ProjectionRows]: Table } = {
  payments: {
    name: 'payments',
    mode: 'earliest',
    key: ['payment_id'],
    columns: [
      ['payment_id', 'text'],
      ['household_id', 'text'],
      ['case_id', 'text'],
      ['paid_on', 'date'],
      ['benefit_month', 'text'],
      ['amount_ore', 'bigint'],
      ['categories', 'text[]'],
      ['component_ore', 'bigint[]'],
      ['housing_above_norm_ore', 'bigint'],
      ...KNOWN,
    ],
  },
  reversals: {
    name: 'payment_reversals',
    mode: 'earliest',
    key: ['payment_id'],
    columns: [['payment_id', 'text'], ['reversed_on', 'date'], ...KNOWN],
  },
  repayments: {
    name: 'repayments',
    mode: 'earliest',
    key: ['repayment_id'],
    columns: [
      ['repayment_id', 'text'],
      ['household_id', 'text'],
      ['received_on', 'date'],
      ['category', 'text'],
      ['amount_ore', 'bigint'],
      ...KNOWN,
    ],
  },
  reimbursements: {
    name: 'reimbursements',
    mode: 'earliest',
    key: ['reimbursement_id'],
    columns: [
      ['reimbursement_id', 'text'],
      ['received_on', 'date'],
      ['payer', 'text'],
      ['category', 'text'],
      ['amount_ore', 'bigint'],
      ...KNOWN,
    ],
  },
  ledger: {
    name: 'ledger_postings',
    mode: 'earliest',
    key: ['posting_id'],
    columns: [
      ['posting_id', 'text'],
      ['booked_on', 'date'],
      ['account', 'text'],
      ['responsibility', 'text'],
      ['activity', 'text'],
      ['amount_ore', 'bigint'],
      ...KNOWN,
    ],
  },
  placements: {
    name: 'placements',
    mode: 'earliest',
    key: ['placement_id'],
    columns: [
      ['placement_id', 'text'],
      ['case_id', 'text'],
      ['placement_type', 'text'],
      ['regi', 'text'],
      ['target_group', 'text'],
      ['start_date', 'date'],
      ['planned_end_date', 'date'],
      ['daily_rate_ore', 'bigint'],
      ['provider_id', 'text'],
      ...KNOWN,
    ],
  },
  rateChanges: {
    name: 'placement_rate_changes',
    mode: 'append',
    key: ['source', 'event_id'],
    columns: [
      ['source', 'text'],
      ['placement_id', 'text'],
      ['effective_from', 'date'],
      ['daily_rate_ore', 'bigint'],
      ...KNOWN,
    ],
  },
  placementEnds: {
    name: 'placement_ends',
    mode: 'append',
    key: ['source', 'event_id'],
    columns: [['source', 'text'], ['placement_id', 'text'], ['end_date', 'date'], ...KNOWN],
  },
  caseEvents: {
    name: 'case_events',
    mode: 'append',
    key: ['source', 'event_id'],
    columns: [
      ['source', 'text'],
      ['kind', 'text'],
      ['case_id', 'text'],
      ['household_id', 'text'],
      ['case_type', 'text'],
      ['detail', 'text'],
      ['business_date', 'date'],
      ['amount_ore', 'bigint'],
      ...KNOWN,
    ],
  },
};

/** One multi-row statement per table and batch: rows travel as one JSON parameter. */
function upsertSql(table: Table): string {
  const names = table.columns.map(([name]) => name);
  const record = table.columns.map(([name, type]) => `${name} ${type}`).join(', ');
  const conflict = `(generation, ${table.key.join(', ')})`;
  const onConflict =
    table.mode === 'append'
      ? 'do nothing'
      : `do update set ${names
          .filter((n) => !table.key.includes(n))
          .map((n) => `${n} = excluded.${n}`)
          .join(', ')}
         where (excluded.known_at, excluded.event_id) < (t.known_at, t.event_id)`;
  return `insert into ${table.name} as t (generation, ${names.join(', ')})
          select $1, ${names.join(', ')} from jsonb_to_recordset($2::jsonb) as r(${record})
          on conflict ${conflict} ${onConflict}`;
}

const UPSERTS = Object.fromEntries(
  Object.entries(TABLES).map(([rowsKey, table]) => [rowsKey, upsertSql(table)]),
) as { readonly [K in keyof ProjectionRows]: string };

/**
 * Applies one partition's batch to a generation of the projections in one transaction: the
 * identities of the new events (applied_messages, ON CONFLICT DO NOTHING decides what is new),
 * their projection rows, and the partition's position. A crash anywhere rolls all of it back;
 * a redelivered batch then finds its events applied and changes nothing.
 */
export class ProjectionWriter {
  constructor(private readonly dataSource: DataSource) {}

  async applyBatch(
    generation: number,
    topic: string,
    partition: number,
    batch: readonly PositionedEvent[],
  ): Promise<AppliedBatch> {
    if (batch.length === 0) return { applied: 0, duplicates: 0 };
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const fresh = await this.claimNew(runner, generation, batch);
      const rows = toProjectionRows(fresh);
      for (const key of Object.keys(UPSERTS) as (keyof ProjectionRows)[]) {
        if (rows[key].length > 0) await runner.query(UPSERTS[key], [generation, JSON.stringify(rows[key])]);
      }
      await this.advancePosition(runner, generation, topic, partition, batch);
      if (fresh.length > 0) {
        await runner.query(
          `update projection_generations set events_applied = events_applied + $2 where generation = $1`,
          [generation, fresh.length],
        );
      }
      await runner.commitTransaction();
      return { applied: fresh.length, duplicates: batch.length - fresh.length };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async claimNew(
    runner: QueryRunner,
    generation: number,
    batch: readonly PositionedEvent[],
  ): Promise<PublishedEvent[]> {
    const byIdentity = new Map<string, PublishedEvent>();
    for (const { event } of batch) byIdentity.set(JSON.stringify([event.source, event.id]), event);
    const identities: EventIdentity[] = [...byIdentity.values()].map((e) => ({ source: e.source, id: e.id }));
    const claimed: EventIdentity[] = await runner.query(
      `insert into applied_messages (generation, source, id)
       select $1, source, id from jsonb_to_recordset($2::jsonb) as r(source text, id text)
       on conflict do nothing
       returning source, id`,
      [generation, JSON.stringify(identities)],
    );
    return claimed.map((c) => byIdentity.get(JSON.stringify([c.source, c.id])) as PublishedEvent);
  }

  private async advancePosition(
    runner: QueryRunner,
    generation: number,
    topic: string,
    partition: number,
    batch: readonly PositionedEvent[],
  ): Promise<void> {
    let next = 0n;
    let newest = '';
    for (const { offset, event } of batch) {
      if (BigInt(offset) + 1n > next) next = BigInt(offset) + 1n;
      const time = new Date(event.time).toISOString();
      if (time > newest) newest = time;
    }
    await runner.query(
      `insert into consumer_positions (generation, topic, partition, next_offset, newest_event_time)
       values ($1, $2, $3, $4, $5)
       on conflict (generation, topic, partition) do update
         set next_offset = greatest(consumer_positions.next_offset, excluded.next_offset),
             newest_event_time = greatest(consumer_positions.newest_event_time, excluded.newest_event_time),
             updated_at = now()`,
      [generation, topic, partition, next.toString(), newest],
    );
  }
}
