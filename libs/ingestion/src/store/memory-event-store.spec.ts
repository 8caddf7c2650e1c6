import { ingestionSpec } from '../ingestion-spec';
import { prepareEvents } from '../events/prepared-event';
import { ledgerPosted } from '../../test/events';
import { MemoryEventStore } from './memory-event-store';

// The dedup rules every EventStore follows (statusesOf), on the in-memory one.
const spec = ingestionSpec('payments');
const prepared = (...events: Parameters<typeof ledgerPosted>[]) =>
  prepareEvents(
    events.map((a) => ledgerPosted(...a)),
    spec,
  );
const changed = (n: number): Parameters<typeof ledgerPosted> => [
  n,
  { data: { postingId: `post-${n}`, bookedOn: '2023-05-01', account: '4560', amount: '11.00' } },
];

describe('EventStore dedup', () => {
  it('accepts new events, acknowledges repeats as duplicates, and queues each once', async () => {
    const store = new MemoryEventStore();
    expect(await store.append(prepared([1], [2]), 'all-or-nothing')).toEqual({
      committed: true,
      statuses: ['accepted', 'accepted'],
    });
    expect(await store.append(prepared([2], [3], [3]), 'all-or-nothing')).toEqual({
      committed: true,
      statuses: ['duplicate', 'accepted', 'duplicate'],
    });
    expect(await store.outboxPending()).toBe(3);
  });

  it('all-or-nothing: one conflict and nothing of the call is written', async () => {
    const store = new MemoryEventStore();
    await store.append(prepared([1]), 'all-or-nothing');
    const result = await store.append(prepared([4], changed(1)), 'all-or-nothing');
    expect(result).toEqual({ committed: false, statuses: ['accepted', 'conflict'] });
    expect(store.events.size).toBe(1);
    expect(await store.outboxPending()).toBe(1);
  });

  it('skip-conflicts: the conflicting events are left out, the rest written', async () => {
    const store = new MemoryEventStore();
    await store.append(prepared([1]), 'all-or-nothing');
    const result = await store.append(prepared([4], changed(1)), 'skip-conflicts');
    expect(result).toEqual({ committed: true, statuses: ['accepted', 'conflict'] });
    expect([...store.events.values()].map((e) => e.id).sort()).toEqual(['ev-1', 'ev-4']);
  });

  it('a repeat within one call with other content conflicts with the first', async () => {
    const store = new MemoryEventStore();
    expect((await store.append(prepared([5], changed(5)), 'skip-conflicts')).statuses).toEqual([
      'accepted',
      'conflict',
    ]);
  });
});
