import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Controllers' judgement on top of the statistical forecast (SPEC §8 forecast-adjustments):
 * append-only, so the report of any asOf can be reproduced; `id` orders records made the same day.
 */
export class ForecastAdjustments1795440000000 implements MigrationInterface {
  name = 'ForecastAdjustments1795440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table forecast_adjustments (
        id          bigserial   primary key,
        year        integer     not null,
        line        text        not null,
        decided_on  date        not null,
        amount_ore  bigint      not null,
        comment     text        not null,
        recorded_at timestamptz not null,
        recorded_by text        not null
      )`);
    await q.query(`create index forecast_adjustments_year on forecast_adjustments (year, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table forecast_adjustments`);
  }
}
