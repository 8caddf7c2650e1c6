// Ingestion shared by intake and payments: auth by INGEST_TOKENS, validation, dedup, event store
// and transactional outbox, the outbox relay, the inbound-topic consumer, GET /v1/status.
export {
  ingestionSpec,
  inboundResponsibility,
  INBOUND_TOPIC,
  type IngestingService,
  type IngestionSpec,
} from './ingestion-spec';
export { canonicalJson, contentHash } from './events/canonical-json';
export { prepareEvents, type PreparedEvent } from './events/prepared-event';
export {
  EventIngestion,
  type IngestChannel,
  type IngestResult,
  type IngestionCounters,
} from './events/event-ingestion';
export {
  IngestAuthority,
  refusedSources,
  type Authentication,
  type IngestPrincipal,
} from './auth/ingest-authority';
export { IngestTokenGuard, principalOf, type IngestRequest } from './auth/ingest-token.guard';
export type { AppendMode, AppendResult, AppendStatus, EventStore } from './store/event-store';
export { MemoryEventStore } from './store/memory-event-store';
export { PgEventStore, outboxChannel } from './store/pg-event-store';
export { createEventStoreAndOutboxV1, dropEventStoreAndOutboxV1 } from './store/schema';
export { OutboxRelay, type OutboxRelayOptions } from './relay/outbox-relay';
export { publishPlan, type ClaimedRow, type PublishChunk } from './relay/publish-plan';
export {
  routeInbound,
  maskedDeadLetterValue,
  typeOf,
  type InboundMessage,
  type InboundRoute,
} from './inbound/inbound-routing';
export {
  InboundConsumer,
  CONFLICT_REASON,
  GROUP_HEADER,
  MASKED_HEADER,
  type InboundConsumerOptions,
  type InboundStart,
} from './inbound/inbound-consumer';
export {
  receiveEvents,
  MAX_EVENTS_PER_REQUEST,
  type Accepted,
  type EventStatus,
  type ReceiveReply,
} from './http/receive-events';
export { eventErrorsSchema, inboundEventSchemas } from './http/openapi';
export { IngestionRuntime, inboundGroupId, type IngestionRuntimeOptions } from './ingestion-runtime';
export { IngestionModule, type IngestionModuleOptions } from './ingestion.module';
