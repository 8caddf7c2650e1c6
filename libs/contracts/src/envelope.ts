import { z } from 'zod';
import { describe } from './json-schema-hints';
import {
  MAX_ID_LENGTH,
  idSchema,
  ownField,
  timestampSchema,
  uriReferenceSchema,
  type DeepReadonly,
} from './primitives';

/*
 * The CloudEvents 1.0 structured JSON envelope (SPEC §4). `time` and `subject` are optional in
 * CloudEvents but required here: time is the knowledge time, subject the aggregate id and Kafka
 * key. Only the attributes SPEC §4 names (and CloudEvents' optional `dataschema`) are taken;
 * extension attributes are refused: no consumer reads them, and they were a way to put personal
 * data (`personnummer`, `fornamn`) on the topics past every check of `data`.
 */

export const SPEC_VERSION = '1.0';
export const DATA_CONTENT_TYPE = 'application/json';

const CORE_ATTRIBUTES = [
  'specversion',
  'id',
  'source',
  'type',
  'time',
  'subject',
  'datacontenttype',
  'dataschema',
  'data',
] as const;

// Unknown attributes named one by one up to this many; an event with hundreds gets one more line.
const MAX_UNKNOWN_LISTED = 10;

export const NOT_AN_ATTRIBUTE =
  'is not an attribute of these events; CloudEvents extension attributes are not accepted (SPEC §4 lists the attributes)';

const typeNameSchema = z.string().min(1).max(MAX_ID_LENGTH);

function envelopeShape<T extends z.ZodTypeAny, D extends z.ZodTypeAny>(type: T, data: D) {
  return {
    specversion: z.literal(SPEC_VERSION),
    id: describe(idSchema, 'unique within its source; (source, id) identifies the event'),
    source: describe(uriReferenceSchema, 'the emitting system, e.g. urn:system:lifecare'),
    type,
    time: describe(timestampSchema, 'when the source recorded it: the knowledge time'),
    subject: describe(idSchema, 'the aggregate id; the Kafka key'),
    datacontenttype: z.literal(DATA_CONTENT_TYPE).default(DATA_CONTENT_TYPE),
    dataschema: uriReferenceSchema.optional(),
    data,
  };
}

function envelopeObject<T extends z.ZodTypeAny, D extends z.ZodTypeAny>(type: T, data: D) {
  // Strict for the JSON Schema (additionalProperties: false); the raw check reports the names.
  return z.object(envelopeShape(type, data)).strict();
}

/**
 * Checks on the raw input, before zod copies it: zod silently drops a `__proto__` key when it
 * builds its output, so a check on the output could not see it.
 */
function checkRawEnvelope(raw: unknown, subjectField: string | null, ctx: z.RefinementCtx): void {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return;
  const unknown = Object.keys(raw).filter((key) => !(CORE_ATTRIBUTES as readonly string[]).includes(key));
  for (const name of unknown.slice(0, MAX_UNKNOWN_LISTED)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name], message: NOT_AN_ATTRIBUTE });
  }
  if (unknown.length > MAX_UNKNOWN_LISTED) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: [],
      message: `has ${unknown.length - MAX_UNKNOWN_LISTED} more attributes that are not accepted`,
    });
  }
  if (subjectField !== null) {
    const subject = ownField(raw, 'subject');
    const aggregateId = ownField(ownField(raw, 'data'), subjectField);
    if (typeof subject === 'string' && typeof aggregateId === 'string' && subject !== aggregateId) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['subject'],
        message: `must equal data.${subjectField}, the aggregate id (it is the Kafka key)`,
      });
    }
  }
}

/** The full schema of one event type: envelope, data, extension names and subject. */
export function cloudEventSchema<T extends string, D extends z.ZodTypeAny>(
  type: T,
  data: D,
  subjectField: string | null,
) {
  return z.preprocess(
    (raw, ctx) => {
      checkRawEnvelope(raw, subjectField, ctx);
      return raw;
    },
    envelopeObject(z.literal(type), data),
  );
}

/** The envelope of any type, data unchecked: for reporting what else is wrong with an unknown type. */
export const anyCloudEventSchema = z.preprocess(
  (raw, ctx) => {
    checkRawEnvelope(raw, null, ctx);
    return raw;
  },
  envelopeObject(typeNameSchema, z.unknown()),
);

type Envelope = z.output<z.ZodObject<ReturnType<typeof envelopeShape<z.ZodString, z.ZodUnknown>>>>;

/** A validated event: the attributes of SPEC §4 (and `dataschema`), nothing else. */
export type CloudEvent<T extends string = string, D = unknown> = Readonly<Omit<Envelope, 'type' | 'data'>> & {
  readonly type: T;
  readonly data: DeepReadonly<D>;
};
