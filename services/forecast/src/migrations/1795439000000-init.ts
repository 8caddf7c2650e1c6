import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotent apply: a consumed event is applied once, recorded by its CloudEvents identity
 * (source, id) in the same transaction as its effect, so a redelivery (or the same event
 * republished by an outbox relay at another offset) is skipped. Topic, partition and offset
 * are kept for /v1/status.
 */
export class Init1795439000000 implements MigrationInterface {
  name = 'Init1795439000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table applied_messages (
        source     text        not null,
        id         text        not null,
        topic      text        not null,
        partition  integer     not null,
        "offset"   bigint      not null,
        applied_at timestamptz not null default now(),
        primary key (source, id)
      )`);
    await q.query(
      `create index applied_messages_position_idx on applied_messages (topic, partition, "offset")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table applied_messages`);
  }
}
