import { EVENT_TYPES } from '@ramprognos/contracts';
import { caseClosed, ledgerPosted } from '../../test/events';
import { EventIngestion } from '../events/event-ingestion';
import { ingestionSpec } from '../ingestion-spec';
import { MemoryEventStore } from '../store/memory-event-store';
import { receiveEvents } from './receive-events';

// POST /v1/events as a function: given a store, when a request comes, then this reply and this store.
const principal = { sources: ['urn:system:raindance'], tokenRef: 'abc' };

function setup() {
  const store = new MemoryEventStore();
  return { store, ingestion: new EventIngestion(ingestionSpec('payments'), store) };
}

describe('receiveEvents', () => {
  it('accepts one event or an array, and answers per event', async () => {
    const { store, ingestion } = setup();
    expect(await receiveEvents(ledgerPosted(1), principal, ingestion)).toEqual({
      status: 202,
      body: { accepted: 1, duplicates: 0, results: [{ id: 'ev-1', status: 'accepted' }] },
    });
    expect(await receiveEvents([ledgerPosted(1), ledgerPosted(2)], principal, ingestion)).toEqual({
      status: 202,
      body: {
        accepted: 1,
        duplicates: 1,
        results: [
          { id: 'ev-1', status: 'duplicate' },
          { id: 'ev-2', status: 'accepted' },
        ],
      },
    });
    expect(await store.outboxPending()).toBe(2);
  });

  it('rejects a batch with an invalid event whole (422), every error named by event and field', async () => {
    const { store, ingestion } = setup();
    const bad = ledgerPosted(2, { time: 'yesterday' });
    const reply = await receiveEvents(
      [ledgerPosted(1), bad, caseClosed(3, 'urn:system:raindance')],
      principal,
      ingestion,
    );
    expect(reply.status).toBe(422);
    expect(reply.body).toEqual({
      errors: [
        { index: 1, id: 'ev-2', field: 'time', message: expect.any(String) },
        { index: 2, id: 'case-ev-3', field: 'type', message: expect.stringContaining('intake service') },
      ],
    });
    expect(store.events.size).toBe(0);
  });

  it('answers 409 to a changed event, applying nothing of the request', async () => {
    const { store, ingestion } = setup();
    await receiveEvents(ledgerPosted(1), principal, ingestion);
    const changed = ledgerPosted(1, { time: '2023-05-02T00:00:00Z' });
    const reply = await receiveEvents([ledgerPosted(2), changed], principal, ingestion);
    expect(reply).toEqual({
      status: 409,
      body: { errors: [expect.objectContaining({ index: 1, id: 'ev-1', field: 'id' })] },
    });
    expect([...store.events.keys()]).toEqual([JSON.stringify(['urn:system:raindance', 'ev-1'])]);
  });

  it('refuses (403) a source the token may not write, before validating, and reports it', async () => {
    const { store, ingestion } = setup();
    const refused: unknown[] = [];
    const reply = await receiveEvents(
      [ledgerPosted(1), ledgerPosted(2, { source: 'urn:system:other', time: 'bad' })],
      principal,
      ingestion,
      {
        onRefused: (p, sources, events) => refused.push({ tokenRef: p.tokenRef, sources, events }),
      },
    );
    expect(reply).toMatchObject({ status: 403, body: { errors: [{ field: 'source' }] } });
    expect(refused).toEqual([{ tokenRef: 'abc', sources: ['urn:system:other'], events: 2 }]);
    expect(store.events.size).toBe(0);
  });

  it('answers 413 to too many events, 422 to none, 400 to a body that is no object', async () => {
    const { ingestion } = setup();
    expect(
      (
        await receiveEvents([ledgerPosted(1), ledgerPosted(2), ledgerPosted(3)], principal, ingestion, {
          maxEvents: 2,
        })
      ).status,
    ).toBe(413);
    expect((await receiveEvents([], principal, ingestion)).status).toBe(422);
    expect((await receiveEvents(null, principal, ingestion)).status).toBe(400);
    expect((await receiveEvents('x', principal, ingestion)).status).toBe(400);
  });

  it("names the service that takes another service's type", async () => {
    const intake = new EventIngestion(ingestionSpec('intake'), new MemoryEventStore());
    const reply = await receiveEvents(ledgerPosted(1), principal, intake);
    expect(reply.body).toEqual({
      errors: [
        expect.objectContaining({
          field: 'type',
          message: `${EVENT_TYPES.ledgerPosted} is taken by the payments service (POST :3002/v1/events)`,
        }),
      ],
    });
  });
});
