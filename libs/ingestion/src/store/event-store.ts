import type { PreparedEvent } from '../events/prepared-event';

export type AppendStatus = 'accepted' | 'duplicate' | 'conflict';

/**
 * all-or-nothing (HTTP, CSV import): one conflict and nothing of the call is written.
 * skip-conflicts (inbound topic): the conflicting events are left out, the rest is written.
 */
export type AppendMode = 'all-or-nothing' | 'skip-conflicts';

export interface AppendResult {
  /** Whether anything was written (false: all-or-nothing with a conflict, or nothing new). */
  readonly committed: boolean;
  /** One per input event, in input order. A repeat within the call is a duplicate of the first. */
  readonly statuses: readonly AppendStatus[];
}

/**
 * The service's event store and outbox. `append` writes the new events to the append-only
 * store and queues them in the outbox in one transaction: an acknowledged event is never
 * lost, and never published without being stored.
 */
export interface EventStore {
  append(events: readonly PreparedEvent[], mode: AppendMode): Promise<AppendResult>;
  /** Outbox rows not yet acknowledged by Kafka. */
  outboxPending(): Promise<number>;
  /** The stored `time` of those ids of a source that exist (CSV re-imports keep their first time). */
  storedTimes(source: string, ids: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

/** Same (source, id) twice in one call: the first decides, later ones are duplicates or conflicts of it. */
export function firstOccurrences(events: readonly PreparedEvent[]): {
  readonly unique: readonly PreparedEvent[];
  /** For each input: index into `unique` of its (source, id), and whether it is a repeat. */
  readonly slots: readonly { readonly unique: number; readonly repeat: boolean }[];
} {
  const unique: PreparedEvent[] = [];
  const seen = new Map<string, number>();
  const slots = events.map((event) => {
    const key = identity(event.source, event.id);
    const index = seen.get(key);
    if (index !== undefined) return { unique: index, repeat: true };
    seen.set(key, unique.length);
    unique.push(event);
    return { unique: unique.length - 1, repeat: false };
  });
  return { unique, slots };
}

export function identity(source: string, id: string): string {
  return JSON.stringify([source, id]);
}

/**
 * The statuses of a call from what the store found for each unique event: new (accepted),
 * stored before with this hash (duplicate) or with another (conflict). A repeat within the call
 * compares with its first occurrence.
 */
export function statusesOf(
  events: readonly PreparedEvent[],
  slots: readonly { readonly unique: number; readonly repeat: boolean }[],
  unique: readonly PreparedEvent[],
  storedHash: (event: PreparedEvent) => string | undefined,
): AppendStatus[] {
  const uniqueStatus = unique.map((event): AppendStatus => {
    const stored = storedHash(event);
    if (stored === undefined) return 'accepted';
    return stored === event.contentHash ? 'duplicate' : 'conflict';
  });
  return events.map((event, index) => {
    const slot = slots[index];
    if (!slot.repeat) return uniqueStatus[slot.unique];
    const first = unique[slot.unique];
    if (first.contentHash !== event.contentHash) return 'conflict';
    return uniqueStatus[slot.unique] === 'conflict' ? 'conflict' : 'duplicate';
  });
}
