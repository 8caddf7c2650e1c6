import {
  aggregateKey,
  topicForType,
  type EventType,
  type InboundEvent,
  type Topic,
} from '@ramprognos/contracts';
import { maskPersonnummer } from '@ramprognos/service-kit';
import type { IngestionSpec } from '../ingestion-spec';
import { contentHash } from './canonical-json';

/** An accepted-looking event in the form it is stored and published, with where it goes. */
export interface PreparedEvent {
  readonly source: string;
  readonly id: string;
  readonly type: EventType;
  readonly subject: string;
  readonly time: string;
  readonly topic: Topic;
  /** The Kafka key: the aggregate id. */
  readonly key: string;
  /** The published form as JSON: the event store row and, byte for byte, the Kafka value. */
  readonly payload: string;
  readonly contentHash: string;
}

/**
 * Validated inbound events → what the store and the relay need. Free text (a ledger row's
 * `text`) is where a personnummer typed by a person would hide; it is masked like in logs.
 */
export function prepareEvents(events: readonly InboundEvent[], spec: IngestionSpec): PreparedEvent[] {
  return events.map((inbound) => {
    const published = maskFreeText(spec.toPublished(inbound));
    const data = published.data as Readonly<Record<string, unknown>>;
    // Defence in depth: the published schema refuses it too, but this is the last gate before storage.
    if (Object.prototype.hasOwnProperty.call(data, 'personnummer')) {
      throw new Error(`a ${published.type} still carries a personnummer after the published-form step`);
    }
    return {
      source: published.source,
      id: published.id,
      type: published.type,
      subject: published.subject,
      time: published.time,
      topic: topicForType(published.type),
      key: aggregateKey(published),
      payload: JSON.stringify(published),
      contentHash: contentHash(published),
    };
  });
}

function maskFreeText<E extends { readonly data: unknown }>(event: E): E {
  const data = event.data as Readonly<Record<string, unknown>>;
  if (typeof data.text !== 'string') return event;
  const masked = maskPersonnummer(data.text);
  return masked === data.text ? event : { ...event, data: { ...data, text: masked } };
}
