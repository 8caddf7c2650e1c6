import { TextDecoder } from 'node:util';
import type { CloudEvent } from './envelope';
import type { InboundEvent, PublishedEvent, ValidEvent } from './catalog';
import { aggregateKey } from './topics';
import { validateEvents, type FieldError, type ValidateOptions } from './validation';

/*
 * CloudEvents Kafka protocol binding, structured content mode: the value is the whole event as
 * JSON and the content-type header says so. One self-contained value is easy to copy to a DLQ,
 * replay or inspect with any Kafka tool; binary mode (ce_ headers) is not used.
 */

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';
const STRUCTURED_MEDIA_TYPE = 'application/cloudevents+json';
const BATCH_MEDIA_TYPE = 'application/cloudevents-batch+json';

/** Kafka's default message.max.bytes; anything larger cannot have come from a normal producer. */
export const MAX_VALUE_BYTES = 1024 * 1024;

type HeaderValue = string | Buffer | readonly (string | Buffer)[] | undefined;

/** Structurally what kafkajs sends (Message) and receives (KafkaMessage), without importing it. */
export interface KafkaMessageOut {
  readonly key: string;
  readonly value: string;
  readonly headers: { readonly 'content-type': string };
}

export interface KafkaMessageIn {
  readonly key?: string | Buffer | null;
  readonly value: string | Buffer | null;
  readonly headers?: Readonly<Record<string, HeaderValue>>;
}

export type KafkaParseResult<E> =
  { readonly ok: true; readonly event: E } | { readonly ok: false; readonly errors: readonly FieldError[] };

export function toKafkaMessage(event: CloudEvent): KafkaMessageOut {
  return {
    key: aggregateKey(event),
    value: JSON.stringify(event),
    headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
  };
}

/**
 * Reads one message. A missing content-type is taken as structured mode (systems writing to the
 * inbound topic by hand often leave headers out); binary or batch mode is refused. The key, when
 * there is one, must be the event's subject. Default form: 'published' (the owning services'
 * topics); the inbound topic is read with form 'inbound'.
 */
export function fromKafkaMessage(
  message: KafkaMessageIn,
  opts: ValidateOptions & { readonly form: 'inbound' },
): KafkaParseResult<InboundEvent>;
export function fromKafkaMessage(
  message: KafkaMessageIn,
  opts?: ValidateOptions & { readonly form?: 'published' },
): KafkaParseResult<PublishedEvent>;
export function fromKafkaMessage(
  message: KafkaMessageIn,
  opts?: ValidateOptions,
): KafkaParseResult<ValidEvent>;
export function fromKafkaMessage(
  message: KafkaMessageIn,
  opts: ValidateOptions = {},
): KafkaParseResult<ValidEvent> {
  const fail = (
    field: string,
    messageText: string,
    id: string | null = null,
  ): KafkaParseResult<ValidEvent> => ({
    ok: false,
    errors: [{ index: 0, id, field, message: messageText }],
  });

  const contentType = headerText(message.headers, 'content-type');
  if (contentType !== undefined) {
    const problem = contentTypeProblem(contentType);
    if (problem !== null) return fail('headers.content-type', problem);
  } else if (headerText(message.headers, 'ce_specversion') !== undefined) {
    return fail(
      'headers.content-type',
      `binary content mode is not supported; send ${CLOUDEVENTS_CONTENT_TYPE}`,
    );
  }

  const text = valueText(message.value);
  if (!text.ok) return fail('value', text.message);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.text);
  } catch {
    return fail('value', 'is not valid JSON');
  }
  if (Array.isArray(parsed))
    return fail('value', 'must hold one CloudEvent; batches are not supported on Kafka');

  const result = validateEvents(parsed, { ...opts, form: opts.form ?? 'published' });
  if (!result.ok) return result;
  const event = result.events[0];
  if (message.key !== undefined && message.key !== null && decode(message.key) !== aggregateKey(event)) {
    return fail('key', "must equal the event's subject (the aggregate id)", event.id);
  }
  return { ok: true, event };
}

function contentTypeProblem(contentType: string): string | null {
  const [mediaType, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType === BATCH_MEDIA_TYPE)
    return 'batch content mode is not supported; send one event per message';
  if (mediaType !== STRUCTURED_MEDIA_TYPE)
    return `must be ${CLOUDEVENTS_CONTENT_TYPE} (structured content mode)`;
  const charset = parameters.find((parameter) => parameter.startsWith('charset='));
  if (charset !== undefined && charset.replace(/"/g, '') !== 'charset=utf-8') return 'charset must be UTF-8';
  return null;
}

/** Kafka header names are case-sensitive bytes, but producers differ; match without case. */
function headerText(headers: KafkaMessageIn['headers'], name: string): string | undefined {
  if (headers === undefined) return undefined;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  if (key === undefined) return undefined;
  const value = headers[key];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : (decode(first as string | Buffer) ?? '');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** null when the bytes are not UTF-8. */
function decode(value: string | Buffer): string | null {
  if (typeof value === 'string') return value;
  try {
    return utf8.decode(value);
  } catch {
    return null;
  }
}

function valueText(
  value: string | Buffer | null,
): { ok: true; text: string } | { ok: false; message: string } {
  if (value === null) return { ok: false, message: 'is empty (a tombstone is not an event)' };
  const size = typeof value === 'string' ? Buffer.byteLength(value) : value.length;
  if (size > MAX_VALUE_BYTES) return { ok: false, message: `is larger than ${MAX_VALUE_BYTES} bytes` };
  const text = decode(value);
  return text === null ? { ok: false, message: 'is not valid UTF-8' } : { ok: true, text };
}
