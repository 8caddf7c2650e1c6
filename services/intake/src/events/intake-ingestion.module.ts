import type { DynamicModule } from '@nestjs/common';
import { IngestionModule, ingestionSpec } from '@ramprognos/ingestion';
import type { IntakeConfig } from '../config';
import { pseudonymiseInbound } from '../pseudonymisation/pseudonymise-inbound';

/**
 * Intake's events use cases, from @ramprognos/ingestion with intake's types and topics:
 * receiving events (POST /v1/events), consuming the inbound topic, publishing through the
 * outbox, GET /v1/status. What is intake's own is the pseudonymisation step.
 */
export function intakeIngestionModule(config: IntakeConfig): DynamicModule {
  return IngestionModule.forRoot({
    spec: ingestionSpec('intake', pseudonymiseInbound(config.PSEUDONYM_KEY)),
    schema: config.DB_SCHEMA,
    brokers: config.KAFKA_BROKERS,
    tokens: config.INGEST_TOKENS,
    inboundStart: config.INBOUND_START,
  });
}
