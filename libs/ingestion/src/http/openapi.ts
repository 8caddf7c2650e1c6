import { buildAsyncApiDocument } from '@ramprognos/contracts';
import type { IngestionSpec } from '../ingestion-spec';

type Schema = Record<string, unknown>;

interface AsyncApiMessage {
  readonly name: string;
  readonly title: string;
  readonly payload: { readonly $ref: string };
}

interface AsyncApiComponents {
  readonly messages: Record<string, AsyncApiMessage>;
  readonly schemas: Record<string, Schema>;
}

let components: AsyncApiComponents | undefined;

/**
 * JSON Schemas of the events a service takes, in the form systems send them (case.opened with
 * personnummer), from the same zod schemas that validate them (via the AsyncAPI document).
 */
export function inboundEventSchemas(spec: IngestionSpec): Schema[] {
  components ??= (buildAsyncApiDocument() as unknown as { components: AsyncApiComponents }).components;
  const { messages, schemas } = components;
  return spec.ownedTypes.map((type) => {
    const candidates = Object.values(messages).filter((m) => m.name === type);
    const message = candidates.find((m) => m.title.endsWith('Inbound')) ?? candidates[0];
    const schema = schemas[message.payload.$ref.split('/').pop() ?? ''];
    return { title: message.title, ...schema };
  });
}

export function eventsRequestSchema(spec: IngestionSpec, maxEvents: number): Schema {
  const event = { oneOf: inboundEventSchemas(spec) };
  return {
    description: `One CloudEvent, or an array of at most ${maxEvents}. Types: ${spec.ownedTypes.join(', ')}.`,
    oneOf: [event, { type: 'array', minItems: 1, maxItems: maxEvents, items: event }],
  };
}

export const acceptedSchema: Schema = {
  type: 'object',
  required: ['accepted', 'duplicates', 'results'],
  properties: {
    accepted: { type: 'integer', description: 'events stored and queued for publishing' },
    duplicates: {
      type: 'integer',
      description: 'events whose (source, id) was taken before with the same content',
    },
    results: {
      type: 'array',
      description: 'one per event, in request order',
      items: {
        type: 'object',
        required: ['id', 'status'],
        properties: { id: { type: 'string' }, status: { type: 'string', enum: ['accepted', 'duplicate'] } },
      },
    },
  },
};

export const eventErrorsSchema: Schema = {
  type: 'object',
  required: ['errors'],
  properties: {
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['message'],
        properties: {
          index: { type: 'integer', description: 'position of the event in the request' },
          id: { type: 'string', nullable: true, description: "the event's id, when it had a readable one" },
          field: { type: 'string', description: 'e.g. data.components[1].amount, or (event)' },
          message: { type: 'string', description: 'what is wrong; never repeats the value sent' },
        },
      },
    },
  },
};

export const statusSchema: Schema = {
  type: 'object',
  required: ['outboxPending'],
  properties: {
    outboxPending: { type: 'integer', description: 'accepted events not yet acknowledged by Kafka' },
  },
};
