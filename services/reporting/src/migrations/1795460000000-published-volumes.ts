import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The volumes published to the ekonom role (services/reporting/README.md, "Small counts"): per
 * year, month and line, the month's count as known at its publication instant and the forecast
 * volume published with it. Written once, never changed: the trigger refuses UPDATE and DELETE, so
 * two reports can never show a month with two different counts.
 */
export class PublishedVolumes1795460000000 implements MigrationInterface {
  name = 'PublishedVolumes1795460000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table published_volumes (
        year               integer          not null,
        month              integer          not null check (month between 1 and 12),
        line               text             not null,
        count              bigint           not null check (count >= 0),
        forecast_full_year double precision,
        known_at           timestamptz      not null,
        published_at       timestamptz      not null,
        primary key (year, month, line)
      )`);
    await q.query(`
      create function published_volumes_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'published volumes never change: % on % is refused', tg_op, tg_table_name;
      end $$`);
    await q.query(
      `create trigger published_volumes_append_only before update or delete on published_volumes
       for each row execute function published_volumes_refuse_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table published_volumes`);
    await q.query(`drop function published_volumes_refuse_change()`);
  }
}
