import type { DynamicModule } from '@nestjs/common';
import { IngestionModule, ingestionSpec } from '@ramprognos/ingestion';
import type { PaymentsConfig } from '../config';

/**
 * Payments' events use cases, from @ramprognos/ingestion with payments' types and topics:
 * receiving events (POST /v1/events), consuming the inbound topic, publishing through the
 * outbox, GET /v1/status. Payment, ledger and reimbursement events carry no personnummer, so
 * the published form is the inbound form.
 */
export function paymentsIngestionModule(config: PaymentsConfig): DynamicModule {
  return IngestionModule.forRoot({
    spec: ingestionSpec('payments'),
    schema: config.DB_SCHEMA,
    brokers: config.KAFKA_BROKERS,
    tokens: config.INGEST_TOKENS,
    inboundStart: config.INBOUND_START,
  });
}
