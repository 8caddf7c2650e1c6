import { EVENT_TYPE_INFO, isEventType, type EventType, type OwningService, type Stream } from './event-types';

export const TOPICS = {
  cases: 'socialtjanst.cases.v1',
  placements: 'socialtjanst.placements.v1',
  payments: 'socialtjanst.payments.v1',
  ledger: 'socialtjanst.ledger.v1',
  forecasts: 'socialtjanst.forecasts.v1',
  inbound: 'socialtjanst.inbound.v1',
} as const satisfies Record<Stream | 'inbound', string>;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export const ALL_TOPICS: readonly Topic[] = Object.values(TOPICS);

/** SPEC §3: partitions default to 6, on every topic. */
export const DEFAULT_PARTITIONS = 6;

export const TOPIC_PARTITIONS: { readonly [T in Topic]: number } = {
  [TOPICS.cases]: DEFAULT_PARTITIONS,
  [TOPICS.placements]: DEFAULT_PARTITIONS,
  [TOPICS.payments]: DEFAULT_PARTITIONS,
  [TOPICS.ledger]: DEFAULT_PARTITIONS,
  [TOPICS.forecasts]: DEFAULT_PARTITIONS,
  [TOPICS.inbound]: DEFAULT_PARTITIONS,
};

/** Where a message that cannot be processed goes, with the reason in its headers. */
export function dlqTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** The topic a type is published on by its owning service (inbound events arrive on TOPICS.inbound). */
export function topicForType(type: EventType): Topic {
  return TOPICS[infoOf(type).stream];
}

export function ownerOfType(type: EventType): OwningService {
  return infoOf(type).owner;
}

/**
 * The one key of an aggregate: stream id, Kafka key and ordering unit. It is the event's
 * subject, which validation has checked against the aggregate id in the data.
 */
export function aggregateKey(event: { readonly subject: string }): string {
  return event.subject;
}

function infoOf(type: EventType) {
  if (!isEventType(type)) throw new Error('unknown event type');
  return EVENT_TYPE_INFO[type];
}
