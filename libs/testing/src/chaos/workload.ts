import type { ReferenceEvent } from '../reference';
import type { Rng } from './rng';

/** A generated CloudEvent as systems send it (inbound form). */
export interface SourceEvent {
  readonly specversion: string;
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time: string;
  readonly subject: string;
  readonly datacontenttype?: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export type IngestTarget = 'intake' | 'payments';

/** One thing a client sends, whole; a resend sends the same bytes again. */
export type Delivery =
  | {
      readonly channel: 'http';
      readonly seq: number;
      readonly target: IngestTarget;
      readonly token: string;
      readonly events: readonly SourceEvent[];
    }
  | {
      readonly channel: 'csv';
      readonly seq: number;
      readonly token: string;
      readonly csv: string;
      readonly events: readonly SourceEvent[];
    }
  | { readonly channel: 'inbound'; readonly seq: number; readonly events: readonly SourceEvent[] };

export interface Workload {
  readonly deliveries: readonly Delivery[];
  /** Every event as the system stores it (a ledger row imported from CSV has the posting id as its event id). */
  readonly reference: readonly ReferenceEvent[];
}

/** The local ingest tokens of LOCAL_SECRETS.INGEST_TOKENS, by the source each may write. */
export const TOKEN_OF_SOURCE: Readonly<Record<string, string>> = {
  'urn:system:lifecare': 'local-lifecare-token',
  'urn:system:utbetalning': 'local-payments-token',
  'urn:system:raindance': 'local-payments-token',
};

/** The CSV import's default source (SPEC §8: the ekonomisystem). */
export const LEDGER_CSV_SOURCE = 'urn:system:raindance';

export function targetOf(type: string): IngestTarget {
  return /\.(case|placement)\./.test(type) ? 'intake' : 'payments';
}

export interface WorkloadOptions {
  /** Share of events sent to socialtjanst.inbound.v1 instead of HTTP. */
  readonly inboundShare: number;
  /** Share of ledger postings sent as a CSV export instead of CloudEvents. */
  readonly csvShare: number;
  readonly httpBatch: number;
  readonly inboundBatch: number;
  readonly csvBatch: number;
}

export const DEFAULT_WORKLOAD: WorkloadOptions = {
  inboundShare: 0.25,
  csvShare: 0.3,
  httpBatch: 250,
  inboundBatch: 100,
  csvBatch: 300,
};

const CSV_HEADER = [
  'Verifikation',
  'Bokföringsdatum',
  'Konto',
  'Ansvar',
  'Verksamhet',
  'Belopp',
  'Text',
  'Registrerad',
];

function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The ekonomisystem's export of some ledger.posted events: semicolons, decimal comma, the knowledge time as Registrerad. */
export function ledgerCsv(events: readonly SourceEvent[]): string {
  const rows = events.map((e) => {
    const d = e.data as Record<string, string | undefined>;
    return [
      d.postingId,
      d.bookedOn,
      d.account,
      d.responsibility,
      d.activity,
      (d.amount ?? '').replace('.', ','),
      d.text,
      e.time,
    ]
      .map(csvCell)
      .join(';');
  });
  return `${[CSV_HEADER.join(';'), ...rows].join('\r\n')}\r\n`;
}

/** The event the CSV import makes of a posting: its id is the posting id (SPEC §8 import). */
export function asImported(event: SourceEvent): SourceEvent {
  const postingId = String((event.data as { postingId: string }).postingId);
  return { ...event, id: postingId, source: LEDGER_CSV_SOURCE, subject: postingId };
}

/**
 * Splits a data set over the public ways in: HTTP batches to intake and payments (one source per
 * batch), the inbound topic, and ledger CSV exports. Deliveries keep the data set's time order of
 * their first event; within a channel events keep their order, across channels they interleave,
 * so the services see aggregates out of order as real systems would send them.
 */
export function planWorkload(
  events: readonly SourceEvent[],
  random: Rng,
  options: WorkloadOptions = DEFAULT_WORKLOAD,
): Workload {
  const deliveries: Delivery[] = [];
  const reference: ReferenceEvent[] = [];
  const open = new Map<
    string,
    { channel: Delivery['channel']; events: SourceEvent[]; limit: number; key: string }
  >();
  let seq = 0;
  const flush = (key: string) => {
    const pending = open.get(key);
    if (!pending || pending.events.length === 0) return;
    open.delete(key);
    const first = pending.events[0];
    if (pending.channel === 'http') {
      deliveries.push({
        channel: 'http',
        seq: seq++,
        target: targetOf(first.type),
        token: TOKEN_OF_SOURCE[first.source],
        events: pending.events,
      });
    } else if (pending.channel === 'csv') {
      deliveries.push({
        channel: 'csv',
        seq: seq++,
        token: TOKEN_OF_SOURCE[LEDGER_CSV_SOURCE],
        csv: ledgerCsv(pending.events),
        events: pending.events.map(asImported),
      });
    } else {
      deliveries.push({ channel: 'inbound', seq: seq++, events: pending.events });
    }
  };
  for (const event of events) {
    const isLedger = event.type === 'se.socialtjanst.ledger.posted.v1';
    const channel: Delivery['channel'] =
      isLedger && random.chance(options.csvShare)
        ? 'csv'
        : random.chance(options.inboundShare)
          ? 'inbound'
          : 'http';
    const key = channel === 'http' ? `http|${targetOf(event.type)}|${event.source}` : channel;
    const limit =
      channel === 'http' ? options.httpBatch : channel === 'csv' ? options.csvBatch : options.inboundBatch;
    let pending = open.get(key);
    if (!pending) {
      pending = { channel, events: [], limit, key };
      open.set(key, pending);
    }
    pending.events.push(event);
    reference.push((channel === 'csv' ? asImported(event) : event) as ReferenceEvent);
    if (pending.events.length >= limit) flush(key);
  }
  for (const key of [...open.keys()]) flush(key);
  // Flushing order is by batch completion; send in the order batches were started instead.
  deliveries.sort((a, b) => a.events[0].time.localeCompare(b.events[0].time) || a.seq - b.seq);
  return { deliveries, reference };
}
