import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ROUND_EVENT_TYPES, type RoundEvent } from '../round';
import { snapshotDigest, type RoundSnapshot } from '../round-snapshot';
import {
  RoundConcurrencyError,
  RoundLabelTakenError,
  type RoundStore,
  type RoundStream,
} from './round-store';

const UNIQUE_VIOLATION = '23505';

interface EventRow {
  round_id: string;
  seq: number;
  type: string;
  payload: RoundEvent['data'];
}

/** `round_events` and `round_snapshots` in the service's schema (migration RoundEvents1795441000000). */
@Injectable()
export class PostgresRoundStore implements RoundStore {
  constructor(private readonly db: DataSource) {}

  async load(roundId: string): Promise<RoundStream> {
    const rows: EventRow[] = await this.db.query(
      'select round_id, seq, type, payload from round_events where round_id = $1 order by seq',
      [roundId],
    );
    return streamOf(roundId, rows);
  }

  async listYear(year: number): Promise<readonly RoundStream[]> {
    const rows: EventRow[] = await this.db.query(
      `select e.round_id, e.seq, e.type, e.payload
         from round_events e
         join round_events o on o.round_id = e.round_id and o.seq = 1
        where o.year = $1
        order by o.recorded_at, o.round_id, e.seq`,
      [year],
    );
    const byRound = new Map<string, EventRow[]>();
    for (const row of rows) byRound.set(row.round_id, [...(byRound.get(row.round_id) ?? []), row]);
    return [...byRound].map(([roundId, events]) => streamOf(roundId, events));
  }

  async append(
    roundId: string,
    year: number,
    expectedVersion: number,
    events: readonly RoundEvent[],
    snapshot?: { readonly digest: string; readonly body: RoundSnapshot },
  ): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.db.transaction(async (tx) => {
        for (const [i, event] of events.entries()) {
          await tx.query(
            `insert into round_events (round_id, seq, year, type, payload, recorded_at, recorded_by)
             values ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
            [
              roundId,
              expectedVersion + i + 1,
              year,
              event.type,
              JSON.stringify(event.data),
              event.data.recordedAt,
              event.data.recordedBy,
            ],
          );
        }
        if (snapshot !== undefined) {
          await tx.query(
            `insert into round_snapshots (round_id, digest, snapshot, stored_at) values ($1, $2, $3::jsonb, $4)`,
            [roundId, snapshot.digest, JSON.stringify(snapshot.body), events[0].data.recordedAt],
          );
        }
      });
    } catch (error) {
      if (constraintOf(error) === 'round_events_label_per_year') throw new RoundLabelTakenError(year);
      if (codeOf(error) === UNIQUE_VIOLATION) throw new RoundConcurrencyError(roundId);
      throw error;
    }
  }

  async snapshot(roundId: string): Promise<RoundSnapshot | null> {
    const rows: { digest: string; snapshot: RoundSnapshot }[] = await this.db.query(
      'select digest, snapshot from round_snapshots where round_id = $1',
      [roundId],
    );
    if (rows.length === 0) return null;
    // The figures of a round are its promise: a snapshot edited by hand is refused, never shown.
    if (snapshotDigest(rows[0].snapshot) !== rows[0].digest) {
      throw new Error(`the snapshot of round ${roundId} does not match its digest`);
    }
    return rows[0].snapshot;
  }
}

function streamOf(roundId: string, rows: readonly EventRow[]): RoundStream {
  const events = rows.map((row, i): RoundEvent => {
    // A gap or an unknown type means the table was edited by hand: refuse rather than fold it.
    if (row.seq !== i + 1 || !(ROUND_EVENT_TYPES as readonly string[]).includes(row.type)) {
      throw new Error(`round_events of ${roundId} is damaged at seq ${row.seq}`);
    }
    return { type: row.type, data: row.payload } as RoundEvent;
  });
  return { events, version: events.length };
}

function codeOf(error: unknown): unknown {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  return e?.code ?? e?.driverError?.code;
}

function constraintOf(error: unknown): unknown {
  const e = error as { constraint?: unknown; driverError?: { constraint?: unknown } } | null;
  return e?.constraint ?? e?.driverError?.constraint;
}
