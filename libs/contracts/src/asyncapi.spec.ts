import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_EVENT_TYPES, TOPICS, buildAsyncApiDocument } from '.';

const COMMITTED = join(__dirname, '..', 'asyncapi.json');

type Doc = {
  asyncapi: string;
  channels: Record<
    string,
    {
      subscribe?: { message: { oneOf: { $ref: string }[] } };
      publish?: { message: { oneOf: { $ref: string }[] } };
      bindings: { kafka: { partitions: number } };
    }
  >;
  components: {
    messages: Record<string, { name: string; payload: { $ref: string } }>;
    schemas: Record<string, Record<string, unknown>>;
  };
};

describe('asyncapi.json', () => {
  const document = buildAsyncApiDocument() as unknown as Doc;

  // Regenerate with: UPDATE_ASYNCAPI=1 npx jest -c jest.unit.config.js libs/contracts/src/asyncapi.spec.ts
  if (process.env.UPDATE_ASYNCAPI === '1') {
    writeFileSync(COMMITTED, `${JSON.stringify(document, null, 2)}\n`);
  }

  it('is committed exactly as the zod schemas generate it', () => {
    const committed: unknown = JSON.parse(readFileSync(COMMITTED, 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('is AsyncAPI 2.6 with one channel per topic, 6 partitions each', () => {
    expect(document.asyncapi).toBe('2.6.0');
    expect(Object.keys(document.channels).sort()).toEqual(Object.values(TOPICS).sort());
    for (const channel of Object.values(document.channels)) expect(channel.bindings.kafka.partitions).toBe(6);
  });

  it('has a message for every type, and the inbound form of case.opened', () => {
    const names = Object.values(document.components.messages).map((message) => message.name);
    expect(new Set(names)).toEqual(new Set(ALL_EVENT_TYPES));
    expect(Object.keys(document.components.messages)).toContain('CaseOpenedInbound');
    for (const message of Object.values(document.components.messages)) {
      const schemaName = message.payload.$ref.replace('#/components/schemas/', '');
      expect(document.components.schemas[schemaName]).toBeDefined();
    }
  });

  it('refers only to messages it defines', () => {
    for (const channel of Object.values(document.channels)) {
      const refs = (channel.subscribe ?? channel.publish)?.message.oneOf ?? [];
      expect(refs.length).toBeGreaterThan(0);
      for (const { $ref } of refs) {
        expect(document.components.messages[$ref.replace('#/components/messages/', '')]).toBeDefined();
      }
    }
  });

  it('carries the checks a JSON Schema can express', () => {
    const disbursed = document.components.schemas.PaymentDisbursed as {
      properties: {
        data: { properties: Record<string, Record<string, unknown>>; additionalProperties: boolean };
      };
    };
    const data = disbursed.properties.data;
    expect(data.additionalProperties).toBe(false);
    expect(data.properties.amount.pattern).toBe('^(?:0|[1-9][0-9]*)(?:\\.[0-9]{1,2})?$');
    expect(data.properties.paidOn.format).toBe('date');
    const caseOpened = document.components.schemas.CaseOpened as {
      properties: { data: { properties: Record<string, unknown> } };
    };
    expect(caseOpened.properties.data.properties.personnummer).toMatchObject({ not: {} });
  });
});
