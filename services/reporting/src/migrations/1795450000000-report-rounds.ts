import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Report rounds (prognostillfällen): `round_events`, one append-only stream per round numbered
 * 1, 2, … ((round_id, seq) is the optimistic-concurrency check), and `round_snapshots`, the
 * figures captured when a round is opened. Neither table is ever updated or deleted from: the
 * triggers refuse it, so a frozen round stays frozen even against a hand-written UPDATE.
 */
export class ReportRounds1795450000000 implements MigrationInterface {
  name = 'ReportRounds1795450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table round_events (
        round_id    text        not null,
        seq         integer     not null check (seq >= 1),
        year        integer     not null,
        type        text        not null,
        payload     jsonb       not null,
        recorded_at timestamptz not null,
        recorded_by text        not null,
        primary key (round_id, seq)
      )`);
    await q.query(`create index round_events_year on round_events (year, recorded_at) where seq = 1`);
    await q.query(
      `create unique index round_events_label_per_year on round_events (year, lower(payload->>'label')) where type = 'RoundOpened'`,
    );
    await q.query(`
      create table round_snapshots (
        round_id  text        primary key,
        digest    text        not null,
        snapshot  jsonb       not null,
        stored_at timestamptz not null
      )`);
    await q.query(`
      create function round_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'report rounds are append-only: % on % is refused', tg_op, tg_table_name;
      end $$`);
    await q.query(
      `create trigger round_events_append_only before update or delete on round_events
       for each row execute function round_refuse_change()`,
    );
    await q.query(
      `create trigger round_snapshots_append_only before update or delete on round_snapshots
       for each row execute function round_refuse_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table round_snapshots`);
    await q.query(`drop table round_events`);
    await q.query(`drop function round_refuse_change()`);
  }
}
