import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event-sourced budget (SPEC §5): one stream per year, events numbered 1, 2, … The primary
 * key (year, seq) is the optimistic-concurrency check: two writers appending the same seq
 * cannot both succeed.
 */
export class Init1795439000000 implements MigrationInterface {
  name = 'Init1795439000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table budget_events (
        year        integer     not null,
        seq         integer     not null check (seq >= 1),
        type        text        not null,
        payload     jsonb       not null,
        recorded_at timestamptz not null default now(),
        recorded_by text        not null,
        primary key (year, seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table budget_events`);
  }
}
