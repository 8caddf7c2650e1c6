import { z } from 'zod';
import {
  eventSchemaFor,
  type EventForm,
  type InboundEvent,
  type PublishedEvent,
  type ValidEvent,
} from './catalog';
import { anyCloudEventSchema } from './envelope';
import {
  ALL_EVENT_TYPES,
  EVENT_TYPE_INFO,
  INGEST_ENDPOINTS,
  isEventType,
  type EventType,
} from './event-types';
import { containsPersonnummer } from './personnummer';
import { MAX_ID_LENGTH, isWellFormedText, ownField } from './primitives';

/**
 * One problem with one event of a batch. `field` is a path such as `data.components[1].amount`
 * or `specversion`; `(event)` means the event as a whole. Messages never repeat the value that
 * was sent: it may be personal data, or megabytes.
 */
export interface FieldError {
  readonly index: number;
  readonly id: string | null;
  readonly field: string;
  readonly message: string;
}

export interface ValidateOptions {
  /** Types this endpoint takes; others are refused with a pointer to the service that takes them. */
  readonly allowedTypes?: readonly string[];
  /** Default 'inbound' (what systems send); consumers of the published topics pass 'published'. */
  readonly form?: EventForm;
}

export type ValidationResult<E> =
  | { readonly ok: true; readonly events: readonly E[] }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

export const EVENT_FIELD = '(event)';
const MAX_UNKNOWN_FIELDS_LISTED = 10;

/**
 * Validates a batch (an array) or one event, and reports every problem of every event. The
 * same (source, id) twice with the same content is fine here (the caller acknowledges the
 * second as a duplicate); with other content it is an error.
 */
export function validateEvents(
  input: unknown,
  opts: ValidateOptions & { readonly form: 'published' },
): ValidationResult<PublishedEvent>;
export function validateEvents(
  input: unknown,
  opts?: ValidateOptions & { readonly form?: 'inbound' },
): ValidationResult<InboundEvent>;
export function validateEvents(input: unknown, opts?: ValidateOptions): ValidationResult<ValidEvent>;
export function validateEvents(input: unknown, opts: ValidateOptions = {}): ValidationResult<ValidEvent> {
  const form = opts.form ?? 'inbound';
  const items: readonly unknown[] = Array.isArray(input) ? input : [input];
  const errors: FieldError[] = [];
  const events: ValidEvent[] = [];
  const firstSeen = new Map<string, { readonly index: number; readonly event: ValidEvent }>();

  items.forEach((item, index) => {
    const id = eventIdOf(item);
    const report = (field: string, message: string) => errors.push({ index, id, field, message });

    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      report(EVENT_FIELD, `must be a CloudEvent JSON object, not ${kindOf(item)}`);
      return;
    }
    const type = ownField(item, 'type');
    const known = isEventType(type);
    if (known) {
      const refusal = refusalOf(type, opts.allowedTypes);
      if (refusal !== null) report('type', refusal);
    } else if (typeof type === 'string' && type.length > 0 && type.length <= MAX_ID_LENGTH) {
      report('type', `is not a known event type; the known types are ${ALL_EVENT_TYPES.join(', ')}`);
    }

    const result = (known ? eventSchemaFor(type, form) : anyCloudEventSchema).safeParse(item, {
      errorMap: contractErrorMap,
    });
    if (!result.success) {
      // One error per field: an attribute with a bad name need not also hear about its value.
      const reported = new Set<string>();
      for (const error of result.error.issues.flatMap((issue) => fieldErrorsOf(issue, index, id))) {
        if (!reported.has(error.field)) errors.push(error);
        reported.add(error.field);
      }
      return;
    }
    if (!known) return;

    const event = result.data as ValidEvent;
    const key = JSON.stringify([event.source, event.id]);
    const first = firstSeen.get(key);
    // Canonical content only on a repeated (source, id): the common batch has none, and
    // serialising every event doubles the cost of validating a large batch.
    if (first === undefined) firstSeen.set(key, { index, event });
    else if (canonicalJson(first.event) !== canonicalJson(event)) {
      report('id', `repeats the source and id of event ${first.index} with other content`);
    }
    events.push(event);
  });

  return errors.length > 0 ? { ok: false, errors } : { ok: true, events };
}

function refusalOf(type: EventType, allowedTypes: readonly string[] | undefined): string | null {
  if (allowedTypes === undefined || allowedTypes.includes(type)) return null;
  const owner = EVENT_TYPE_INFO[type].owner;
  const endpoint = INGEST_ENDPOINTS[owner];
  return endpoint === null
    ? `${type} is published by the ${owner} service; it is not taken here`
    : `${type} is taken by the ${owner} service (${endpoint})`;
}

function eventIdOf(item: unknown): string | null {
  const id = ownField(item, 'id');
  return typeof id === 'string' && id.length <= MAX_ID_LENGTH && isWellFormedText(id) && !containsPersonnummer(id) ? id : null;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

// ---------------------------------------------------------------- messages

const ARTICLE: Readonly<Record<string, string>> = {
  object: 'an object',
  array: 'an array',
  integer: 'an integer',
};

/** zod's own messages are terse and some repeat the value; these name the expectation only. */
export const contractErrorMap: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined') return { message: 'is required' };
      if (issue.expected === 'integer') return { message: 'must be a whole number' };
      return {
        message: `must be ${ARTICLE[issue.expected] ?? `a ${issue.expected}`}, not ${issue.received}`,
      };
    case z.ZodIssueCode.invalid_literal:
      return {
        message: ctx.data === undefined ? 'is required' : `must be ${JSON.stringify(issue.expected)}`,
      };
    case z.ZodIssueCode.invalid_enum_value:
      return { message: `must be one of ${issue.options.join(', ')}` };
    case z.ZodIssueCode.unrecognized_keys:
      return { message: 'is not a known field' };
    case z.ZodIssueCode.too_small:
      return { message: sizeMessage('at least', issue.type, issue.minimum, issue.inclusive) };
    case z.ZodIssueCode.too_big:
      return { message: sizeMessage('at most', issue.type, issue.maximum, issue.inclusive) };
    case z.ZodIssueCode.not_finite:
      return { message: 'must be a finite number' };
    case z.ZodIssueCode.invalid_string:
      return { message: 'has an invalid format' };
    default:
      return { message: ctx.defaultError };
  }
};

function sizeMessage(
  bound: 'at least' | 'at most',
  type: string,
  limit: number | bigint,
  inclusive: boolean,
): string {
  if (type === 'string') {
    return bound === 'at least' && Number(limit) === 1
      ? 'must not be empty'
      : `must be ${bound} ${limit} characters`;
  }
  if (type === 'array') return `must have ${bound} ${limit} item${Number(limit) === 1 ? '' : 's'}`;
  if (inclusive) return `must be ${bound} ${limit}`;
  return `must be ${bound === 'at least' ? 'greater' : 'less'} than ${limit}`;
}

function fieldErrorsOf(issue: z.ZodIssue, index: number, id: string | null): FieldError[] {
  if (issue.code !== z.ZodIssueCode.unrecognized_keys) {
    return [{ index, id, field: formatPath(issue.path), message: issue.message }];
  }
  const listed = issue.keys.slice(0, MAX_UNKNOWN_FIELDS_LISTED).map((key) => ({
    index,
    id,
    field: formatPath([...issue.path, key]),
    message: issue.message,
  }));
  const more = issue.keys.length - listed.length;
  return more > 0
    ? [...listed, { index, id, field: formatPath(issue.path), message: `has ${more} more unknown fields` }]
    : listed;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;
// A key is echoed in a path; a long digit run could be a personnummer sent as a key.
const DIGIT_RUN = /[0-9]{6}/;

export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (IDENTIFIER.test(part) && !DIGIT_RUN.test(part)) out += out === '' ? part : `.${part}`;
    else if (part.length <= 64 && !DIGIT_RUN.test(part)) out += `[${JSON.stringify(part)}]`;
    else out += '[?]';
  }
  return out === '' ? EVENT_FIELD : out;
}

/** Key order does not make two events different. Input here is validated, hence shallow. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
