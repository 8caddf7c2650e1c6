import type { z } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { eventSchemaFor, type EventForm } from './catalog';
import { ALL_EVENT_TYPES, EVENT_TYPES, EVENT_TYPE_INFO, type EventType, type Stream } from './event-types';
import { jsonSchemaHintFor } from './json-schema-hints';
import { CLOUDEVENTS_CONTENT_TYPE } from './kafka-binding';
import { TOPICS, TOPIC_PARTITIONS, dlqTopic } from './topics';

/*
 * The AsyncAPI 2.6 document of our topics, generated from the zod schemas so that it cannot
 * drift from them. libs/contracts/asyncapi.json is this document; asyncapi.spec.ts fails when
 * the committed file differs (regenerate: npx nx run contracts:asyncapi).
 */

export type AsyncApiDocument = Readonly<Record<string, unknown>>;

const KAFKA_BINDING_VERSION = '0.4.0';

const STREAM_TITLES: { readonly [S in Stream]: string } = {
  cases: 'Cases (ärenden) from the case systems, pseudonymised',
  placements: 'Placements (vårddygn and dygnskostnad)',
  payments: 'Payments of ekonomiskt bistånd, reversals, repayments and reimbursements',
  ledger: 'Postings from the ledger of the ekonomisystem',
  forecasts: 'Published forecasts (snapshots) per classification key',
};

const TYPE_KEYS = Object.fromEntries(Object.entries(EVENT_TYPES).map(([key, type]) => [type, key])) as {
  readonly [T in EventType]: string;
};

function messageName(type: EventType, form: EventForm): string {
  const key = TYPE_KEYS[type];
  const pascal = key.charAt(0).toUpperCase() + key.slice(1);
  return form === 'inbound' && type === EVENT_TYPES.caseOpened ? `${pascal}Inbound` : pascal;
}

// Typed loosely on purpose: zodToJsonSchema's generic signature makes tsc recurse too deep on our schemas.
const generate = zodToJsonSchema as unknown as (
  schema: z.ZodTypeAny,
  options: Parameters<typeof zodToJsonSchema>[1],
) => Record<string, unknown>;

function toJsonSchema(schema: z.ZodTypeAny): Record<string, unknown> {
  const jsonSchema = generate(schema, {
    $refStrategy: 'none',
    target: 'jsonSchema7',
    effectStrategy: 'input',
    postProcess: (generated, def) => {
      const hint = jsonSchemaHintFor(def);
      return hint === undefined || generated === undefined ? generated : { ...hint, ...generated };
    },
  });
  const { $schema: _ignored, ...rest } = jsonSchema;
  return rest;
}

function message(type: EventType, form: EventForm): Record<string, unknown> {
  const subjectField = EVENT_TYPE_INFO[type].subjectField;
  return {
    name: type,
    title: messageName(type, form),
    summary: `${type}${form === 'inbound' && type === EVENT_TYPES.caseOpened ? ' as sent to intake (may carry personnummer)' : ''}`,
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    headers: {
      type: 'object',
      properties: { 'content-type': { type: 'string', const: CLOUDEVENTS_CONTENT_TYPE } },
    },
    payload: { $ref: `#/components/schemas/${messageName(type, form)}` },
    bindings: {
      kafka: {
        key: {
          type: 'string',
          description:
            subjectField === null
              ? 'the event subject'
              : `the event subject, which equals data.${subjectField}`,
        },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

function ref(type: EventType, form: EventForm) {
  return { $ref: `#/components/messages/${messageName(type, form)}` };
}

function channelBinding(topic: string) {
  return {
    kafka: {
      topic,
      partitions: TOPIC_PARTITIONS[topic as keyof typeof TOPIC_PARTITIONS],
      bindingVersion: KAFKA_BINDING_VERSION,
    },
  };
}

export function buildAsyncApiDocument(): AsyncApiDocument {
  const channels: Record<string, unknown> = {};
  for (const stream of Object.keys(STREAM_TITLES) as Stream[]) {
    const types = ALL_EVENT_TYPES.filter((type) => EVENT_TYPE_INFO[type].stream === stream);
    const topic = TOPICS[stream];
    channels[topic] = {
      description: `${STREAM_TITLES[stream]}. Published by the ${EVENT_TYPE_INFO[types[0]].owner} service; keyed by subject; unprocessable messages go to ${dlqTopic(topic)} with the reason in headers.`,
      subscribe: {
        operationId: `consume${stream.charAt(0).toUpperCase()}${stream.slice(1)}`,
        summary: `Events on ${topic}`,
        message: { oneOf: types.map((type) => ref(type, 'published')) },
      },
      bindings: channelBinding(topic),
    };
  }
  const inboundTypes = ALL_EVENT_TYPES.filter((type) => EVENT_TYPE_INFO[type].owner !== 'forecast');
  channels[TOPICS.inbound] = {
    description: `Events from internal systems, straight into Kafka instead of over HTTP. Case and placement types are taken by intake, payment and ledger types by payments. Unprocessable messages go to ${dlqTopic(TOPICS.inbound)}.`,
    publish: {
      operationId: 'sendInbound',
      summary: `Send events to ${TOPICS.inbound}`,
      message: { oneOf: inboundTypes.map((type) => ref(type, 'inbound')) },
    },
    bindings: channelBinding(TOPICS.inbound),
  };

  const messages: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const type of ALL_EVENT_TYPES) {
    for (const form of type === EVENT_TYPES.caseOpened
      ? (['published', 'inbound'] as const)
      : (['published'] as const)) {
      messages[messageName(type, form)] = message(type, form);
      schemas[messageName(type, form)] = toJsonSchema(eventSchemaFor(type, form));
    }
  }

  return {
    asyncapi: '2.6.0',
    id: 'urn:ramprognos:events',
    info: {
      title: 'Ramprognos events',
      version: '1.0.0',
      description:
        'CloudEvents 1.0 in structured content mode (the Kafka value is the whole event as JSON). Amounts are SEK as decimal strings with at most two decimals. A v1 type never changes: a change is a new v2 type.',
    },
    defaultContentType: CLOUDEVENTS_CONTENT_TYPE,
    servers: {
      local: { url: '127.0.0.1:9092', protocol: 'kafka', description: 'Apache Kafka of a local stack' },
    },
    channels,
    components: { messages, schemas },
  };
}
