import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FORECASTS_TOPIC, type NewSnapshot, type SnapshotOccasion } from './snapshot';

export interface SnapshotSummary {
  readonly snapshotId: string;
  readonly year: number;
  readonly asOf: string;
  readonly knownAt: string;
  readonly occasion: SnapshotOccasion;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly totalActualYtd: string;
  readonly totalForecastFullYear: string;
  /** The event is on the topic (false while the outbox still holds it). */
  readonly published: boolean;
}

interface SnapshotRecord {
  snapshot_id: string;
  year: number;
  as_of: string;
  known_at: Date;
  occasion: SnapshotOccasion;
  created_at: Date;
  created_by: string;
  total_actual_ytd: string;
  total_forecast: string;
  published: boolean;
}

const SUMMARY_COLUMNS = `s.snapshot_id, s.year, to_char(s.as_of, 'YYYY-MM-DD') as as_of, s.known_at, s.occasion, s.created_at,
       s.created_by, s.total_actual_ytd::text, s.total_forecast::text,
       not exists (select 1 from forecast_outbox o where o.snapshot_id = s.snapshot_id and o.published_at is null) as published`;

const ORDER = `order by s.as_of, s.known_at, s.created_at, s.snapshot_id`;

function summary(r: SnapshotRecord): SnapshotSummary {
  return {
    snapshotId: r.snapshot_id,
    year: r.year,
    asOf: r.as_of,
    knownAt: r.known_at.toISOString(),
    occasion: r.occasion,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    totalActualYtd: r.total_actual_ytd,
    totalForecastFullYear: r.total_forecast,
    published: r.published,
  };
}

@Injectable()
export class SnapshotsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Stores the snapshot and its event in the outbox, in one transaction. A month-end snapshot for
   * a (year, asOf) that already has one is not stored again: returns false.
   */
  async store(s: NewSnapshot): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const inserted: { snapshot_id: string }[] = await tx.query(
        `insert into forecast_snapshots
           (snapshot_id, year, as_of, known_at, occasion, created_at, created_by, generation, total_actual_ytd, total_forecast, body)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         on conflict do nothing
         returning snapshot_id`,
        [s.snapshotId, s.year, s.asOf, s.knownAt, s.occasion, s.createdAt, s.createdBy, s.generation, s.totalActualYtd.toString(), s.totalForecast.toString(), s.body],
      );
      if (inserted.length === 0) return false;
      await tx.query(`insert into forecast_outbox (snapshot_id, topic, event, created_at) values ($1, $2, $3, $4)`, [
        s.snapshotId,
        FORECASTS_TOPIC,
        JSON.stringify(s.event),
        s.createdAt,
      ]);
      return true;
    });
  }

  async list(year: number): Promise<SnapshotSummary[]> {
    const rows: SnapshotRecord[] = await this.db.query(`select ${SUMMARY_COLUMNS} from forecast_snapshots s where s.year = $1 ${ORDER}`, [year]);
    return rows.map(summary);
  }

  async find(snapshotId: string): Promise<{ summary: SnapshotSummary; body: string } | null> {
    const rows: (SnapshotRecord & { body: string })[] = await this.db.query(
      `select ${SUMMARY_COLUMNS}, s.body from forecast_snapshots s where s.snapshot_id = $1`,
      [snapshotId],
    );
    return rows.length === 0 ? null : { summary: summary(rows[0]), body: rows[0].body };
  }

  /** The snapshot of the same year just before this one (by asOf, knownAt, when taken). */
  async previous(of: SnapshotSummary): Promise<{ summary: SnapshotSummary; body: string } | null> {
    const rows: (SnapshotRecord & { body: string })[] = await this.db.query(
      `select ${SUMMARY_COLUMNS}, s.body from forecast_snapshots s
        where s.year = $1 and (s.as_of, s.known_at, s.created_at, s.snapshot_id) < ($2::date, $3::timestamptz, $4::timestamptz, $5)
        order by s.as_of desc, s.known_at desc, s.created_at desc, s.snapshot_id desc limit 1`,
      [of.year, of.asOf, of.knownAt, of.createdAt, of.snapshotId],
    );
    return rows.length === 0 ? null : { summary: summary(rows[0]), body: rows[0].body };
  }

  async monthEndExists(year: number, asOf: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `select 1 from forecast_snapshots where year = $1 and as_of = $2 and occasion = 'month-end'`,
      [year, asOf],
    );
    return rows.length > 0;
  }
}
