import { validateEvents, type InboundEvent, type ValidationResult } from '@ramprognos/contracts';
import type { IngestionSpec } from '../ingestion-spec';
import type { AppendMode, AppendStatus, EventStore } from '../store/event-store';
import { prepareEvents } from './prepared-event';

export type IngestChannel = 'http' | 'inbound' | 'import';

export interface IngestResult {
  /** Something was written (an all-or-nothing call with a conflict writes nothing). */
  readonly committed: boolean;
  /** One per event, in input order. */
  readonly statuses: readonly AppendStatus[];
  readonly accepted: number;
  readonly duplicates: number;
  /** Indexes of the events whose (source, id) was taken before with other content. */
  readonly conflicts: readonly number[];
}

export interface IngestionCounters {
  counted(channel: IngestChannel, status: AppendStatus, count: number): void;
}

/**
 * The ingestion pipeline of a service, whatever the channel: validate against the service's
 * own types, turn into the published form (pseudonymise), fingerprint, and append to the event
 * store and outbox in one transaction.
 */
export class EventIngestion {
  constructor(
    readonly spec: IngestionSpec,
    private readonly store: EventStore,
    private readonly counters?: IngestionCounters,
  ) {}

  /** Every problem of every event, or the events; the same rules for HTTP, Kafka and imports. */
  validate(input: unknown): ValidationResult<InboundEvent> {
    return validateEvents(input, { allowedTypes: this.spec.ownedTypes });
  }

  async ingest(
    events: readonly InboundEvent[],
    mode: AppendMode,
    channel: IngestChannel,
  ): Promise<IngestResult> {
    const { committed, statuses } = await this.store.append(prepareEvents(events, this.spec), mode);
    const conflicts = statuses.flatMap((status, index) => (status === 'conflict' ? [index] : []));
    const accepted = statuses.filter((s) => s === 'accepted').length;
    const duplicates = statuses.filter((s) => s === 'duplicate').length;
    if (committed || mode === 'skip-conflicts' || conflicts.length === 0) {
      this.counters?.counted(channel, 'accepted', accepted);
      this.counters?.counted(channel, 'duplicate', duplicates);
    }
    this.counters?.counted(channel, 'conflict', conflicts.length);
    return { committed, statuses, accepted, duplicates, conflicts };
  }

  outboxPending(): Promise<number> {
    return this.store.outboxPending();
  }

  storedTimes(source: string, ids: readonly string[]): Promise<ReadonlyMap<string, string>> {
    return this.store.storedTimes(source, ids);
  }
}
