import { Injectable } from '@nestjs/common';
import { formatSek, parseSek } from '@ramprognos/money';
import { DataSource } from 'typeorm';
import type { ForecastAdjustment } from './forecast-adjustment';
import type { ForecastAdjustmentStore } from './forecast-adjustment-store';

interface Row {
  id: string;
  year: number;
  line: string;
  decided_on: string;
  amount_ore: string;
  comment: string;
  recorded_at: string;
  recorded_by: string;
}

// Dates and instants leave PostgreSQL as text: a JS Date would shift a civil date by the time zone.
const COLUMNS = `id::text as id, year, line, to_char(decided_on, 'YYYY-MM-DD') as decided_on, amount_ore::text as amount_ore,
  comment, to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as recorded_at, recorded_by`;

@Injectable()
export class PostgresForecastAdjustmentStore implements ForecastAdjustmentStore {
  constructor(private readonly db: DataSource) {}

  async add(adjustment: Omit<ForecastAdjustment, 'id'>): Promise<ForecastAdjustment> {
    const rows: Row[] = await this.db.query(
      `insert into forecast_adjustments (year, line, decided_on, amount_ore, comment, recorded_at, recorded_by)
       values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
      [
        adjustment.year,
        adjustment.line,
        adjustment.decidedOn,
        parseSek(adjustment.amount).toString(),
        adjustment.comment,
        adjustment.recordedAt,
        adjustment.recordedBy,
      ],
    );
    return fromRow(rows[0]);
  }

  async list(year: number): Promise<readonly ForecastAdjustment[]> {
    const rows: Row[] = await this.db.query(
      `select ${COLUMNS} from forecast_adjustments where year = $1 order by id`,
      [year],
    );
    return rows.map(fromRow);
  }
}

function fromRow(row: Row): ForecastAdjustment {
  return {
    id: row.id,
    year: row.year,
    line: row.line,
    decidedOn: row.decided_on,
    amount: formatSek(BigInt(row.amount_ore)),
    comment: row.comment,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by,
  };
}
