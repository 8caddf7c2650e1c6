import type { PreparedEvent } from '../events/prepared-event';
import {
  firstOccurrences,
  identity,
  statusesOf,
  type AppendMode,
  type AppendResult,
  type EventStore,
} from './event-store';

/** The EventStore port in memory, for unit tests of what sits on top of it. */
export class MemoryEventStore implements EventStore {
  readonly events = new Map<string, PreparedEvent>();
  readonly outbox: { readonly event: PreparedEvent; published: boolean }[] = [];

  async append(events: readonly PreparedEvent[], mode: AppendMode): Promise<AppendResult> {
    const { unique, slots } = firstOccurrences(events);
    const statuses = statusesOf(
      events,
      slots,
      unique,
      (e) => this.events.get(identity(e.source, e.id))?.contentHash,
    );
    if (mode === 'all-or-nothing' && statuses.includes('conflict')) return { committed: false, statuses };
    let written = false;
    events.forEach((event, index) => {
      if (statuses[index] !== 'accepted' || slots[index].repeat) return;
      this.events.set(identity(event.source, event.id), event);
      this.outbox.push({ event, published: false });
      written = true;
    });
    return { committed: written, statuses };
  }

  async outboxPending(): Promise<number> {
    return this.outbox.filter((row) => !row.published).length;
  }

  async storedTimes(source: string, ids: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const times = new Map<string, string>();
    for (const id of ids) {
      const event = this.events.get(identity(source, id));
      if (event) times.set(id, event.time);
    }
    return times;
  }
}
