export { createKafka, parseBrokers, isLogLevelName, DEFAULT_RETRY, type CreateKafkaOptions } from './kafka';
export {
  jsonLineLogger,
  jsonLogCreator,
  safeFields,
  type MessagingLogger,
  type LogFields,
  type LogLevelName,
} from './log';
export {
  CLOUDEVENTS_CONTENT_TYPE,
  CONTENT_TYPE_HEADER,
  toStructuredMessage,
  decodeCloudEvent,
  headersToRecord,
  type CloudEvent,
  type RawMessage,
  type DecodeResult,
} from './cloud-event';
export {
  ensureTopics,
  withDeadLetterTwins,
  type TopicSpec,
  type EnsureTopicsOptions,
  type EnsureTopicsResult,
} from './topics';
export { CloudEventProducer, type CloudEventProducerOptions, type MessageSender } from './producer';
export {
  BatchConsumer,
  type BatchConsumerOptions,
  type BatchContext,
  type DecodedMessage,
  type MessageBatch,
  type ConsumerCounters,
  type CrashInfo,
} from './batch-consumer';
export {
  DLQ_SUFFIX,
  DLQ_HEADERS,
  dlqTopic,
  isDlqTopic,
  deadLetterHeaders,
  deadLetterMessage,
  readDeadLetterHeaders,
  describeError,
  type DeadLetterInfo,
} from './dead-letter';
export {
  TransientError,
  defaultFailureKind,
  backoffDelay,
  DEFAULT_HANDLER_BACKOFF,
  DEFAULT_RESTART_BACKOFF,
  type BackoffPolicy,
  type FailureKind,
} from './backoff';
export { describeLag, committedOffsets, endOffsets, totalLag } from './lag';
export type { AdminSource, PartitionLag, CommittedOffset, EndOffset } from './lag';
