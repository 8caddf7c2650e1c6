export { EVENT_TYPES, ALL_EVENT_TYPES, EVENT_TYPE_INFO, INGEST_ENDPOINTS, isEventType } from './event-types';
export type { EventType, EventTypeInfo, OwningService, Stream } from './event-types';
export {
  TOPICS,
  ALL_TOPICS,
  DEFAULT_PARTITIONS,
  TOPIC_PARTITIONS,
  aggregateKey,
  dlqTopic,
  ownerOfType,
  topicForType,
  type Topic,
} from './topics';
export {
  DATA_CONTENT_TYPE,
  SPEC_VERSION,
  anyCloudEventSchema,
  cloudEventSchema,
  type CloudEvent,
} from './envelope';
export {
  MAX_ID_LENGTH,
  MAX_TEXT_LENGTH,
  MAX_URI_LENGTH,
  isCalendarDate,
  isRfc3339Timestamp,
  isYearMonth,
  isWellFormedText,
  type DeepReadonly,
} from './primitives';
export {
  PERSONNUMMER_FORMAT,
  PERSON_REF_PATTERN,
  PersonnummerError,
  checkPersonnummer,
  containsPersonnummer,
  maskPersonnummer,
  normalisePersonnummer,
  pseudonymise,
  type PersonnummerCheck,
} from './personnummer';
export * from './events/cases';
export * from './events/placements';
export * from './events/payments';
export * from './events/ledger';
export * from './events/forecasts';
export {
  dataSchemaFor,
  eventSchemaFor,
  type EventForm,
  type InboundEvent,
  type PublishedEvent,
  type ValidEvent,
} from './catalog';
export {
  EVENT_FIELD,
  contractErrorMap,
  formatPath,
  validateEvents,
  type FieldError,
  type ValidateOptions,
  type ValidationResult,
} from './validation';
export {
  CLOUDEVENTS_CONTENT_TYPE,
  MAX_VALUE_BYTES,
  fromKafkaMessage,
  toKafkaMessage,
  type KafkaMessageIn,
  type KafkaMessageOut,
  type KafkaParseResult,
} from './kafka-binding';
export { buildAsyncApiDocument, type AsyncApiDocument } from './asyncapi';
export * from './classification-key';
export {
  classificationKeyId,
  classificationKeys,
  parseClassificationKeyId,
  type ClassificationKey,
  type ClassificationStream,
} from './classification-key';
