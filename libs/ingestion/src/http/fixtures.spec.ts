import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { EVENT_TYPES, pseudonymiseCaseOpened, type CaseOpenedInbound } from '@ramprognos/contracts';
import { EventIngestion } from '../events/event-ingestion';
import { inboundResponsibility, ingestionSpec, type IngestingService } from '../ingestion-spec';
import { MemoryEventStore } from '../store/memory-event-store';
import { receiveEvents } from './receive-events';

// The conformance example through both services' POST /v1/events, with in-memory stores.
const EXAMPLES = join(__dirname, '../../../../test-fixtures/examples');
const KEY = 'fixtures-test-pseudonym-key-0123456789';

function services() {
  const make = (service: IngestingService) => {
    const store = new MemoryEventStore();
    const spec = ingestionSpec(
      service,
      service === 'intake'
        ? (e) => (e.type === EVENT_TYPES.caseOpened ? pseudonymiseCaseOpened(e as CaseOpenedInbound, KEY) : e)
        : undefined,
    );
    return { store, ingestion: new EventIngestion(spec, store) };
  };
  return { intake: make('intake'), payments: make('payments') };
}

const anyone = {
  sources: ['urn:system:lifecare', 'urn:system:utbetalning', 'urn:system:raindance'],
  tokenRef: 't',
};

describe('test-fixtures/examples', () => {
  it('every batch of invalid.json is rejected whole by the service that takes its types', async () => {
    const batches = JSON.parse(readFileSync(join(EXAMPLES, 'invalid.json'), 'utf8')) as {
      why: string;
      events: { type: string }[];
    }[];
    for (const batch of batches) {
      const all = services();
      const target = all[inboundResponsibility(batch.events[0].type)];
      const reply = await receiveEvents(batch.events, anyone, target.ingestion);
      expect({ why: batch.why, status: reply.status }).toEqual({ why: batch.why, status: 422 });
      expect(reply.body).toEqual({ errors: [expect.objectContaining({ index: 1 })] });
      expect(target.store.events.size).toBe(0);
    }
  });

  it('every event of events.jsonl.gz is accepted once, then acknowledged as a duplicate', async () => {
    const events = gunzipSync(readFileSync(join(EXAMPLES, 'events.jsonl.gz')))
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { type: string });
    const all = services();
    for (const service of ['intake', 'payments'] as const) {
      const own = events.filter((e) => inboundResponsibility(e.type) === service);
      for (const round of ['accepted', 'duplicates'] as const) {
        const reply = await receiveEvents(own, anyone, all[service].ingestion);
        expect(reply.status).toBe(202);
        expect(reply.body).toMatchObject({ [round]: own.length });
      }
      expect(all[service].store.events.size).toBe(own.length);
    }
    const stored = [...all.intake.store.events.values()].map((e) => e.payload).join('\n');
    expect(stored).not.toContain('"personnummer"');
    expect(stored).toContain('"personRef"');
  });
});
