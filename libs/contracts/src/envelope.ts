import { z } from 'zod';
import { describe, withJsonSchema } from './json-schema-hints';
import {
  MAX_ID_LENGTH,
  MAX_TEXT_LENGTH,
  idSchema,
  ownField,
  timestampSchema,
  uriReferenceSchema,
  type DeepReadonly,
} from './primitives';

/*
 * The CloudEvents 1.0 structured JSON envelope (SPEC §4). `time` and `subject` are optional in
 * CloudEvents but required here: time is the knowledge time, subject the aggregate id and Kafka
 * key. Extension attributes are allowed as CloudEvents defines them; anything else is refused.
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

const EXTENSION_NAME = /^[a-z0-9]{1,20}$/;
// Names an attacker would pick to reach Object.prototype; they are valid CloudEvents names.
const RESERVED_NAMES: ReadonlySet<string> = new Set(['constructor', 'prototype']);
const MAX_EXTENSIONS = 20;

const extensionValueSchema = z.union([z.string().max(MAX_TEXT_LENGTH), z.number().int(), z.boolean()], {
  errorMap: () => ({
    message: `an extension attribute must be a string of at most ${MAX_TEXT_LENGTH} characters, an integer or a boolean`,
  }),
});

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
  const object = z.object(envelopeShape(type, data)).catchall(extensionValueSchema);
  return withJsonSchema(object, { propertyNames: { pattern: EXTENSION_NAME.source } });
}

/**
 * Checks on the raw input, before zod copies it: zod silently drops a `__proto__` key when it
 * builds its output, so a check on the output could not see it.
 */
function checkRawEnvelope(raw: unknown, subjectField: string | null, ctx: z.RefinementCtx): void {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return;
  const extensions = Object.keys(raw).filter((key) => !(CORE_ATTRIBUTES as readonly string[]).includes(key));
  if (extensions.length > MAX_EXTENSIONS) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: [],
      message: `has ${extensions.length} extension attributes; at most ${MAX_EXTENSIONS} are allowed`,
    });
    return;
  }
  for (const name of extensions) {
    if (!EXTENSION_NAME.test(name) || RESERVED_NAMES.has(name)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [name],
        message:
          'is not a CloudEvents attribute; extension attribute names are 1-20 lowercase letters or digits',
      });
    }
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

/**
 * A validated event. Extension attributes are kept on the object at run time but not typed:
 * no consumer may depend on them.
 */
export type CloudEvent<T extends string = string, D = unknown> = Readonly<Omit<Envelope, 'type' | 'data'>> & {
  readonly type: T;
  readonly data: DeepReadonly<D>;
};
