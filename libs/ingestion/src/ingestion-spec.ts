import {
  ALL_EVENT_TYPES,
  EVENT_TYPES,
  TOPICS,
  isEventType,
  ownerOfType,
  topicForType,
  type EventType,
  type InboundEvent,
  type PublishedEvent,
  type Topic,
} from '@ramprognos/contracts';

/** The two services through which events enter the bus (SPEC §3). */
export type IngestingService = 'intake' | 'payments';

/**
 * What differs between intake and payments. Everything else in this library — auth, validation,
 * dedup, event store, outbox relay, inbound consumer — is the same code for both.
 */
export interface IngestionSpec {
  readonly service: IngestingService;
  /** The types this service takes (HTTP and inbound topic); others are refused or skipped. */
  readonly ownedTypes: readonly EventType[];
  /** Where its events are published (SPEC §3), from `topicForType`. */
  readonly publishedTopics: readonly Topic[];
  /**
   * Inbound form → published form; intake pseudonymises case.opened here. Must be
   * deterministic: the dedup content hash is computed on its output.
   */
  readonly toPublished: (event: InboundEvent) => PublishedEvent;
}

/** Types whose inbound and published forms are the same need no step. */
function unchanged(event: InboundEvent): PublishedEvent {
  if (event.type === EVENT_TYPES.caseOpened) {
    throw new Error('case.opened must be pseudonymised before it is stored or published');
  }
  return event;
}

export function ingestionSpec(
  service: IngestingService,
  toPublished: (event: InboundEvent) => PublishedEvent = unchanged,
): IngestionSpec {
  const ownedTypes = ALL_EVENT_TYPES.filter((type) => ownerOfType(type) === service);
  return {
    service,
    ownedTypes,
    publishedTopics: [...new Set(ownedTypes.map(topicForType))],
    toPublished,
  };
}

/** Both services read the same inbound topic, each with its own consumer group. */
export const INBOUND_TOPIC = TOPICS.inbound;

/**
 * Which service answers for a message on the inbound topic, by its `type` alone, so that the
 * two consumers split every possible message between them with no overlap and no gap:
 * payments takes its own types; intake takes its own types and everything else (unknown or
 * missing type, another service's type, not JSON at all). The responsible service stores the
 * message or dead-letters it; the other one skips it.
 */
export function inboundResponsibility(type: unknown): IngestingService {
  return isEventType(type) && ownerOfType(type) === 'payments' ? 'payments' : 'intake';
}
