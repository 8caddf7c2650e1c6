import { fromKafkaMessage, type InboundEvent } from '@ramprognos/contracts';
import { maskPersonnummer } from '@ramprognos/service-kit';
import { inboundResponsibility, type IngestionSpec } from '../ingestion-spec';

/** The parts of a fetched message routing looks at (messaging's RawMessage has them). */
export interface InboundMessage {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

export type InboundRoute =
  | { readonly kind: 'event'; readonly event: InboundEvent }
  /** The other service answers for it. */
  | { readonly kind: 'skip' }
  /** This service answers for it and cannot take it: to the DLQ, with the reason. */
  | { readonly kind: 'reject'; readonly reason: string };

const MAX_REASONS = 10;

/**
 * What one service does with one message of the inbound topic. Which service answers for a
 * message depends on its `type` only (inboundResponsibility), so of the two consumer groups
 * exactly one stores or dead-letters each message. Reasons name fields, never values.
 */
export function routeInbound(message: InboundMessage, spec: IngestionSpec): InboundRoute {
  if (inboundResponsibility(typeOf(message)) !== spec.service) return { kind: 'skip' };
  const parsed = fromKafkaMessage(message, { form: 'inbound', allowedTypes: spec.ownedTypes });
  if (parsed.ok) return { kind: 'event', event: parsed.event };
  const reasons = parsed.errors.slice(0, MAX_REASONS).map((e) => `${e.field}: ${e.message}`);
  const more = parsed.errors.length - reasons.length;
  return {
    kind: 'reject',
    reason: `invalid event: ${reasons.join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
  };
}

/**
 * The message's `type`: the JSON value's attribute, or the ce_type header of a binary-mode
 * message (which is refused, but by the service whose type it names).
 */
export function typeOf(message: InboundMessage): unknown {
  if (message.value !== null && message.value.length > 0) {
    try {
      const parsed: unknown = JSON.parse(message.value.toString('utf8'));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        const type = (parsed as Record<string, unknown>).type;
        if (type !== undefined) return type;
      }
    } catch {
      // Not JSON: no type; intake answers for it.
    }
  }
  const header = Object.keys(message.headers).find((name) => name.toLowerCase() === 'ce_type');
  return header === undefined ? undefined : message.headers[header];
}

/**
 * The DLQ copy of a rejected message: the original, except that anything that looks like a
 * personnummer (valid check digit) is masked. A system that sent an invalid case.opened has put
 * a raw personnummer on the inbound topic; the DLQ, read by operators, should not repeat it.
 * Returns the value unchanged (same Buffer) when there was nothing to mask.
 */
export function maskedDeadLetterValue(value: Buffer | null): {
  readonly value: Buffer | null;
  readonly masked: boolean;
} {
  if (value === null) return { value, masked: false };
  // latin1 keeps every byte as one character, so bytes that are not UTF-8 survive the round trip.
  const text = value.toString('latin1');
  const masked = maskPersonnummer(text);
  return masked === text ? { value, masked: false } : { value: Buffer.from(masked, 'latin1'), masked: true };
}
