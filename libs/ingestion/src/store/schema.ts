import type { QueryRunner } from 'typeorm';

/*
 * The tables this library reads and writes, created by each ingesting service's own migration
 * (unqualified names: the search_path is the service's schema). Version 1 is frozen once a
 * service has shipped it; a change is a new function called by a new migration.
 */

export async function createEventStoreAndOutboxV1(q: QueryRunner): Promise<void> {
  // Every accepted event once, in its published (pseudonymised) form. Append-only: the trigger
  // below refuses update, delete and truncate, whoever asks.
  await q.query(`
    create table event_store (
      source       text        not null,
      id           text        not null,
      type         text        not null,
      subject      text        not null,
      time         timestamptz not null,
      payload      json        not null,
      content_hash text        not null,
      received_at  timestamptz not null default now(),
      primary key (source, id)
    )`);
  // Replays and held events (SPEC §4) look an aggregate up by its subject.
  await q.query(`create index event_store_subject_idx on event_store (subject, time)`);
  await q.query(`
    create function event_store_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'event_store is append-only';
    end $$`);
  await q.query(`
    create trigger event_store_append_only before update or delete or truncate on event_store
    for each statement execute function event_store_is_append_only()`);

  // Written in the transaction that stores the event; the relay publishes rows in seq order and
  // marks them. The value is the stored payload, so nothing is kept twice.
  await q.query(`
    create table outbox (
      seq          bigint generated always as identity primary key,
      event_source text        not null,
      event_id     text        not null,
      topic        text        not null,
      key          text        not null,
      created_at   timestamptz not null default now(),
      published_at timestamptz,
      foreign key (event_source, event_id) references event_store (source, id)
    )`);
  await q.query(`create index outbox_pending_idx on outbox (seq) where published_at is null`);
}

export async function dropEventStoreAndOutboxV1(q: QueryRunner): Promise<void> {
  await q.query(`drop table outbox`);
  await q.query(`drop table event_store`);
  await q.query(`drop function event_store_is_append_only()`);
}
