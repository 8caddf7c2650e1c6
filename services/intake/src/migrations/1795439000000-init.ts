import { createEventStoreAndOutboxV1, dropEventStoreAndOutboxV1 } from '@ramprognos/ingestion';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store (every accepted CloudEvent once, pseudonymised, keyed by (source, id) — SPEC §4
 * dedup; append-only) and the transactional outbox the relay publishes from. The tables are
 * @ramprognos/ingestion's, which reads and writes them.
 */
export class Init1795439000000 implements MigrationInterface {
  name = 'Init1795439000000';

  async up(q: QueryRunner): Promise<void> {
    await createEventStoreAndOutboxV1(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropEventStoreAndOutboxV1(q);
  }
}
