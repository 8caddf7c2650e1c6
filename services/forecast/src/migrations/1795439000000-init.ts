import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The forecast service's projections of actual cost and volume (issue «Forecast part 1»).
 *
 * Generations: every projection row carries the generation it belongs to. The active generation
 * serves queries; a rebuild fills a new generation from offset 0 with its own consumer group while
 * the active one keeps serving, and the switch is one UPDATE (see projections/generations).
 *
 * Exactly-once effect: a consumed event is applied once per generation, gated by its CloudEvents
 * identity (source, id) in applied_messages, in the same transaction as its projection rows — so
 * redelivery, or the same event republished by an outbox relay at another offset, changes nothing.
 *
 * Bitemporal: every fact keeps its business date and its knowledge time (`known_at`, the event's
 * `time`), so SPEC §6 can be answered for any (year, asOf, knownAt). Facts whose effect depends on
 * another aggregate (a reversal on its payment, a rate change or end on its placement) are stored
 * as they come and joined at query time: an early arrival is held by construction, never dropped.
 *
 * Business ids (paymentId, placementId, …): the earliest-known event wins, deterministically
 * whatever the arrival order; a later event with the same business id is kept out.
 */
export class Init1795439000000 implements MigrationInterface {
  name = 'Init1795439000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table projection_generations (
        generation     integer primary key,
        consumer_group text        not null unique,
        status         text        not null check (status in ('building', 'active', 'retired')),
        created_at     timestamptz not null default now(),
        activated_at   timestamptz,
        events_applied bigint      not null default 0,
        -- end offsets of the consumed topics when a rebuild started: "caught up" means past them
        target_offsets jsonb
      )`);
    await q.query(`create unique index projection_generations_one_active on projection_generations (status) where status = 'active'`);
    await q.query(`insert into projection_generations (generation, consumer_group, status, activated_at) values (1, 'forecast-projections-g1', 'active', now())`);

    await q.query(`
      create table applied_messages (
        generation integer not null,
        source     text    not null,
        id         text    not null,
        primary key (generation, source, id)
      )`);
    await q.query(`
      create table consumer_positions (
        generation        integer     not null,
        topic             text        not null,
        partition         integer     not null,
        next_offset       bigint      not null,
        newest_event_time timestamptz,
        updated_at        timestamptz not null default now(),
        primary key (generation, topic, partition)
      )`);

    await q.query(`
      create table payments (
        generation          integer     not null,
        payment_id          text        not null,
        household_id        text        not null,
        case_id             text        not null,
        paid_on             date        not null,
        benefit_month       text        not null,
        amount_ore          bigint      not null,
        categories          text[]      not null,
        component_ore       bigint[]    not null,
        housing_above_norm_ore bigint,
        known_at            timestamptz not null,
        event_id            text        not null,
        primary key (generation, payment_id)
      )`);
    await q.query(`create index payments_paid_on_idx on payments (generation, paid_on)`);
    await q.query(`
      create table payment_reversals (
        generation  integer     not null,
        payment_id  text        not null,
        reversed_on date        not null,
        known_at    timestamptz not null,
        event_id    text        not null,
        primary key (generation, payment_id)
      )`);
    await q.query(`
      create table repayments (
        generation   integer     not null,
        repayment_id text        not null,
        household_id text        not null,
        received_on  date        not null,
        category     text        not null,
        amount_ore   bigint      not null,
        known_at     timestamptz not null,
        event_id     text        not null,
        primary key (generation, repayment_id)
      )`);
    await q.query(`create index repayments_received_on_idx on repayments (generation, received_on)`);
    await q.query(`
      create table reimbursements (
        generation       integer     not null,
        reimbursement_id text        not null,
        received_on      date        not null,
        payer            text        not null,
        category         text        not null,
        amount_ore       bigint      not null,
        known_at         timestamptz not null,
        event_id         text        not null,
        primary key (generation, reimbursement_id)
      )`);
    await q.query(`
      create table ledger_postings (
        generation     integer     not null,
        posting_id     text        not null,
        booked_on      date        not null,
        account        text        not null,
        responsibility text,
        activity       text,
        amount_ore     bigint      not null,
        known_at       timestamptz not null,
        event_id       text        not null,
        primary key (generation, posting_id)
      )`);
    await q.query(`create index ledger_postings_booked_on_idx on ledger_postings (generation, booked_on)`);

    await q.query(`
      create table placements (
        generation        integer     not null,
        placement_id      text        not null,
        case_id           text        not null,
        placement_type    text        not null,
        regi              text        not null,
        target_group      text        not null,
        start_date        date        not null,
        planned_end_date  date,
        daily_rate_ore    bigint      not null,
        provider_id       text,
        known_at          timestamptz not null,
        event_id          text        not null,
        primary key (generation, placement_id)
      )`);
    await q.query(`
      create table placement_rate_changes (
        generation     integer     not null,
        source         text        not null,
        event_id       text        not null,
        placement_id   text        not null,
        effective_from date        not null,
        daily_rate_ore bigint      not null,
        known_at       timestamptz not null,
        primary key (generation, source, event_id)
      )`);
    await q.query(`create index placement_rate_changes_placement_idx on placement_rate_changes (generation, placement_id)`);
    await q.query(`
      create table placement_ends (
        generation   integer     not null,
        source       text        not null,
        event_id     text        not null,
        placement_id text        not null,
        end_date     date        not null,
        known_at     timestamptz not null,
        primary key (generation, source, event_id)
      )`);
    await q.query(`create index placement_ends_placement_idx on placement_ends (generation, placement_id)`);

    await q.query(`
      create table case_events (
        generation    integer     not null,
        source        text        not null,
        event_id      text        not null,
        kind          text        not null check (kind in ('opened', 'decided', 'closed')),
        case_id       text        not null,
        household_id  text,
        case_type     text,
        detail        text,
        business_date date        not null,
        amount_ore    bigint,
        known_at      timestamptz not null,
        primary key (generation, source, event_id)
      )`);
    await q.query(`create index case_events_date_idx on case_events (generation, business_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'case_events',
      'placement_ends',
      'placement_rate_changes',
      'placements',
      'ledger_postings',
      'reimbursements',
      'repayments',
      'payment_reversals',
      'payments',
      'consumer_positions',
      'applied_messages',
      'projection_generations',
    ]) {
      await q.query(`drop table ${table}`);
    }
  }
}
