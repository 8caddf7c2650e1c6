import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PublishedCell, PublishedMonthRecord, PublishedVolumeStore } from './published-volume-store';

interface Row {
  month: number;
  line: string;
  count: string;
  forecast_full_year: number | null;
  known_at: string;
}

/** `published_volumes`: one row per (year, month, line), inserted once, never updated (a trigger refuses it). */
@Injectable()
export class PostgresPublishedVolumeStore implements PublishedVolumeStore {
  constructor(private readonly db: DataSource) {}

  async load(year: number): Promise<ReadonlyMap<number, PublishedMonthRecord>> {
    const rows: Row[] = await this.db.query(
      `select month, line, count::text as count, forecast_full_year,
              to_char(known_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as known_at
         from published_volumes where year = $1 order by month, line`,
      [year],
    );
    const result = new Map<number, { knownAt: string; cells: Map<string, PublishedCell> }>();
    for (const row of rows) {
      const month = result.get(row.month) ?? {
        knownAt: row.known_at,
        cells: new Map<string, PublishedCell>(),
      };
      month.cells.set(row.line, {
        line: row.line,
        count: Number(row.count),
        forecastFullYear: row.forecast_full_year === null ? null : Number(row.forecast_full_year),
      });
      result.set(row.month, month);
    }
    return result;
  }

  async publish(
    year: number,
    month: number,
    knownAt: string,
    cells: readonly PublishedCell[],
  ): Promise<void> {
    if (cells.length === 0) return;
    // One statement: a month is published whole or not at all. A concurrent publication of the same
    // month (another replica) wins row by row; both then read the same stored cells back.
    await this.db.query(
      `insert into published_volumes (year, month, line, count, forecast_full_year, known_at, published_at)
       select $1, $2, c.line, c.count, c.forecast_full_year, $3, now()
         from unnest($4::text[], $5::bigint[], $6::double precision[]) as c(line, count, forecast_full_year)
       on conflict (year, month, line) do nothing`,
      [
        year,
        month,
        knownAt,
        cells.map((c) => c.line),
        cells.map((c) => String(c.count)),
        cells.map((c) => c.forecastFullYear),
      ],
    );
  }
}
