import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store (every accepted CloudEvent once, keyed by its (source, id) — SPEC §4 dedup)
 * and the transactional outbox (rows written in the same transaction, published to Kafka by a
 * relay). Unqualified names: search_path is the service's schema.
 */
export class Init1795439000000 implements MigrationInterface {
  name = 'Init1795439000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table event_store (
        source       text        not null,
        id           text        not null,
        type         text        not null,
        subject      text        not null,
        time         timestamptz not null,
        payload      jsonb       not null,
        content_hash text        not null,
        received_at  timestamptz not null default now(),
        primary key (source, id)
      )`);
    // Held events wait for their aggregate (SPEC §4): looked up by subject.
    await q.query(`create index event_store_subject_time_idx on event_store (subject, time)`);
    await q.query(`
      create table outbox (
        seq          bigserial   primary key,
        event_source text        not null,
        event_id     text        not null,
        topic        text        not null,
        key          text        not null,
        value        text        not null,
        headers      jsonb       not null default '{}'::jsonb,
        created_at   timestamptz not null default now(),
        published_at timestamptz,
        unique (event_source, event_id, topic)
      )`);
    await q.query(`create index outbox_pending_idx on outbox (seq) where published_at is null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table outbox`);
    await q.query(`drop table event_store`);
  }
}
