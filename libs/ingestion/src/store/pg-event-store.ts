import type { DataSource, QueryRunner } from 'typeorm';
import type { PreparedEvent } from '../events/prepared-event';
import {
  firstOccurrences,
  identity,
  statusesOf,
  type AppendMode,
  type AppendResult,
  type EventStore,
} from './event-store';

// Rows per statement: large imports are written in slices, still in one transaction.
const SLICE = 5000;

/** The NOTIFY channel that wakes the outbox relays of a schema after a commit. */
export function outboxChannel(schema: string): string {
  return `ramprognos_outbox_${schema}`;
}

/**
 * EventStore on the service's own PostgreSQL schema (tables: ./schema.ts). Dedup rides on the
 * primary key (source, id): `insert … on conflict do nothing` followed by a look at the rows
 * that were there already, so two requests racing with the same event serialise on the key and
 * the second sees the first's hash once it commits.
 */
export class PgEventStore implements EventStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    /** Called after each commit that queued outbox rows: wakes this process's relay at once. */
    private readonly onQueued: () => void = () => undefined,
  ) {}

  async append(events: readonly PreparedEvent[], mode: AppendMode): Promise<AppendResult> {
    if (events.length === 0) return { committed: false, statuses: [] };
    const { unique, slots } = firstOccurrences(events);
    return this.inTransaction(async (q) => {
      const inserted = new Set<string>();
      // In key order: two requests holding the same events in another order would otherwise
      // each wait for a row the other inserted (a deadlock).
      const ordered = [...unique].sort((a, b) => compare(a.source, b.source) || compare(a.id, b.id));
      for (const slice of slices(ordered)) {
        const rows: { source: string; id: string }[] = await q.query(
          `insert into event_store (source, id, type, subject, time, payload, content_hash)
           select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::json[], $7::text[])
           on conflict (source, id) do nothing
           returning source, id`,
          [
            slice.map((e) => e.source),
            slice.map((e) => e.id),
            slice.map((e) => e.type),
            slice.map((e) => e.subject),
            slice.map((e) => e.time),
            slice.map((e) => e.payload),
            slice.map((e) => e.contentHash),
          ],
        );
        for (const row of rows) inserted.add(identity(row.source, row.id));
      }
      const existing = await this.storedHashes(
        q,
        unique.filter((e) => !inserted.has(identity(e.source, e.id))),
      );
      const statuses = statusesOf(events, slots, unique, (e) =>
        inserted.has(identity(e.source, e.id)) ? undefined : existing.get(identity(e.source, e.id)),
      );
      if (mode === 'all-or-nothing' && statuses.includes('conflict')) return { commit: false, statuses };
      const queued = events.filter((_, index) => statuses[index] === 'accepted' && !slots[index].repeat);
      if (queued.length > 0) {
        // Outbox seqs are handed out one transaction at a time, held to commit: seq order is then
        // commit order, and a relay that sees row n knows no row below n can still appear. Only
        // this tail is serialised; the event store inserts above run in parallel.
        await q.query(`select pg_advisory_xact_lock(hashtext($1))`, [
          `ramprognos.outbox-append.${this.schema}`,
        ]);
      }
      for (const slice of slices(queued)) {
        // with ordinality … order by: outbox seq follows the order of the request.
        await q.query(
          `insert into outbox (event_source, event_id, topic, key)
           select s, i, t, k from unnest($1::text[], $2::text[], $3::text[], $4::text[]) with ordinality as u(s, i, t, k, n)
           order by n`,
          [
            slice.map((e) => e.source),
            slice.map((e) => e.id),
            slice.map((e) => e.topic),
            slice.map((e) => e.key),
          ],
        );
      }
      if (queued.length > 0) await q.query(`select pg_notify($1, '')`, [outboxChannel(this.schema)]);
      return { commit: queued.length > 0, statuses };
    });
  }

  async outboxPending(): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query(
      `select count(*)::int as n from outbox where published_at is null`,
    );
    return row.n;
  }

  async storedTimes(source: string, ids: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const times = new Map<string, string>();
    for (const slice of slices(ids)) {
      const rows: { id: string; time: string }[] = await this.dataSource.query(
        `select id, payload->>'time' as time from event_store where source = $1 and id = any($2::text[])`,
        [source, slice],
      );
      for (const row of rows) times.set(row.id, row.time);
    }
    return times;
  }

  private async storedHashes(q: QueryRunner, events: readonly PreparedEvent[]): Promise<Map<string, string>> {
    const hashes = new Map<string, string>();
    for (const slice of slices(events)) {
      const rows: { source: string; id: string; content_hash: string }[] = await q.query(
        `select e.source, e.id, e.content_hash
         from event_store e join unnest($1::text[], $2::text[]) as k(source, id) using (source, id)`,
        [slice.map((e) => e.source), slice.map((e) => e.id)],
      );
      for (const row of rows) hashes.set(identity(row.source, row.id), row.content_hash);
    }
    return hashes;
  }

  private async inTransaction(
    work: (q: QueryRunner) => Promise<{ commit: boolean; statuses: AppendResult['statuses'] }>,
  ): Promise<AppendResult> {
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    let committed = false;
    let statuses: AppendResult['statuses'] = [];
    try {
      await q.startTransaction();
      const outcome = await work(q);
      statuses = outcome.statuses;
      if (outcome.commit) {
        await q.commitTransaction();
        committed = true;
      } else {
        await q.rollbackTransaction();
      }
    } catch (error) {
      if (q.isTransactionActive) await q.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await q.release();
    }
    if (committed) this.onQueued();
    return { committed, statuses };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function slices<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += SLICE) out.push(items.slice(start, start + SLICE));
  return out;
}
