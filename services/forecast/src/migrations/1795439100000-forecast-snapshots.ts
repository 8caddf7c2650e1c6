import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Forecast snapshots (issue «Forecast part 2»): every published forecast, kept as the exact
 * document the query API served, for "change since the previous forecast" and for forecast
 * accuracy. Immutable — a trigger refuses UPDATE and DELETE — and at most one month-end snapshot
 * per (year, asOf), so the month-end schedule is idempotent across restarts and instances.
 *
 * The outbox: the snapshot and its forecast.published event are stored in one transaction and a
 * relay publishes the event afterwards (at least once; the event id is the snapshot id, so a
 * consumer recognises a repeat). A stored snapshot's event is therefore never lost.
 */
export class ForecastSnapshots1795439100000 implements MigrationInterface {
  name = 'ForecastSnapshots1795439100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table forecast_snapshots (
        snapshot_id      text        primary key,
        year             integer     not null,
        as_of            date        not null,
        known_at         timestamptz not null,
        occasion         text        not null check (occasion in ('on-demand', 'month-end')),
        created_at       timestamptz not null,
        created_by       text        not null,
        generation       integer     not null,
        total_actual_ytd bigint      not null,
        total_forecast   bigint      not null,
        body             text        not null
      )`);
    await q.query(`create unique index forecast_snapshots_month_end on forecast_snapshots (year, as_of) where occasion = 'month-end'`);
    await q.query(`create index forecast_snapshots_order on forecast_snapshots (year, as_of, known_at, created_at)`);
    await q.query(`
      create function forecast_snapshots_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'forecast snapshots are immutable';
      end $$`);
    await q.query(`
      create trigger forecast_snapshots_immutable before update or delete on forecast_snapshots
        for each row execute function forecast_snapshots_refuse_change()`);

    await q.query(`
      create table forecast_outbox (
        outbox_id    bigserial   primary key,
        snapshot_id  text        not null references forecast_snapshots (snapshot_id),
        topic        text        not null,
        event        text        not null,
        created_at   timestamptz not null,
        published_at timestamptz,
        attempts     integer     not null default 0,
        last_error   text
      )`);
    await q.query(`create index forecast_outbox_pending on forecast_outbox (outbox_id) where published_at is null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table forecast_outbox`);
    await q.query(`drop trigger forecast_snapshots_immutable on forecast_snapshots`);
    await q.query(`drop function forecast_snapshots_refuse_change()`);
    await q.query(`drop table forecast_snapshots`);
  }
}
