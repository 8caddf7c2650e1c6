import type { IHeaders, Message } from 'kafkajs';

/**
 * The CloudEvents 1.0 attributes this library relies on. Event schemas (types, `data`) live in
 * @ramprognos/contracts; messaging only needs the envelope.
 */
export interface CloudEvent<D = unknown> {
  readonly specversion: string;
  readonly id: string;
  readonly source: string;
  readonly type: string;
  /** The aggregate id; the Kafka key, so one aggregate's events stay in one partition, in order. */
  readonly subject: string;
  readonly time?: string;
  readonly datacontenttype?: string;
  readonly data?: D;
}

/** CloudEvents Kafka protocol binding, structured content mode. */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';
export const CONTENT_TYPE_HEADER = 'content-type';

export function toStructuredMessage(event: CloudEvent): Message {
  return {
    key: event.subject,
    value: JSON.stringify(event),
    headers: { [CONTENT_TYPE_HEADER]: CLOUDEVENTS_CONTENT_TYPE },
  };
}

/** Kafka headers as strings (a repeated header keeps its last value, as Kafka's `lastHeader`). */
export function headersToRecord(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value !== undefined) out[name] = value.toString();
  }
  return out;
}

/** A fetched message before decoding. */
export interface RawMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

export type DecodeResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const REQUIRED = ['specversion', 'id', 'source', 'type', 'subject'] as const;

/**
 * Decodes a structured-mode CloudEvent. The reasons it gives end up in DLQ headers, so they name
 * what is wrong and never quote the payload (JSON.parse's own message would).
 */
export function decodeCloudEvent(message: RawMessage): DecodeResult<CloudEvent> {
  const contentType = message.headers[CONTENT_TYPE_HEADER];
  if (contentType !== undefined && !contentType.toLowerCase().startsWith('application/cloudevents+json')) {
    return { ok: false, reason: `content-type is not application/cloudevents+json (structured mode)` };
  }
  if (message.value === null || message.value.length === 0) return { ok: false, reason: 'empty value' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.value.toString('utf8'));
  } catch {
    return { ok: false, reason: 'value is not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: 'value is not a JSON object' };
  }
  const event = parsed as Record<string, unknown>;
  for (const attribute of REQUIRED) {
    const value = event[attribute];
    if (typeof value !== 'string' || value.length === 0) {
      return {
        ok: false,
        reason: `CloudEvent attribute "${attribute}" is missing or not a non-empty string`,
      };
    }
  }
  if (event.specversion !== '1.0') return { ok: false, reason: 'CloudEvent specversion is not "1.0"' };
  return { ok: true, value: event as unknown as CloudEvent };
}
