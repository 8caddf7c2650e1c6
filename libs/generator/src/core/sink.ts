import { formatInstant, type Day, type Instant } from './dates';
import {
  EVENT_TYPE,
  SOURCE,
  type GeneratedEvent,
  type DataByType,
  type GeneratedEventType,
  type GeneratedSource,
} from '../events';

export interface EmitSpec<T extends GeneratedEventType> {
  readonly type: T;
  readonly subject: string;
  readonly data: DataByType[T];
  /** The business date the event is about (paidOn, startDate, bookedOn …): decides the window. */
  readonly business: Day;
  /** Knowledge time: when the source system recorded it. */
  readonly time: Instant;
  /** Part of the initial load of running cases and placements: may be about days before the window. */
  readonly initial?: boolean;
  /**
   * Deliberately out of order: the event is placed in the stream just before this instant
   * (its aggregate's first event) while its own `time` stays later, so a consumer sees e.g. an
   * end before the start it belongs to and has to hold it.
   */
  readonly emitBefore?: Instant;
}

export interface Window {
  readonly firstDay: Day;
  readonly lastDay: Day;
  /** Inclusive; Infinity for no cut. */
  readonly until: Instant;
}

interface Entry {
  readonly key: Instant;
  readonly seq: number;
  readonly event: GeneratedEvent;
  readonly outOfOrder: boolean;
}

const SOURCE_OF: Readonly<Record<GeneratedEventType, GeneratedSource>> = {
  [EVENT_TYPE.caseOpened]: SOURCE.lifecare,
  [EVENT_TYPE.caseDecided]: SOURCE.lifecare,
  [EVENT_TYPE.caseClosed]: SOURCE.lifecare,
  [EVENT_TYPE.placementStarted]: SOURCE.lifecare,
  [EVENT_TYPE.placementRateChanged]: SOURCE.lifecare,
  [EVENT_TYPE.placementEnded]: SOURCE.lifecare,
  [EVENT_TYPE.paymentDisbursed]: SOURCE.utbetalning,
  [EVENT_TYPE.paymentReversed]: SOURCE.utbetalning,
  [EVENT_TYPE.paymentRepaid]: SOURCE.utbetalning,
  [EVENT_TYPE.reimbursementReceived]: SOURCE.utbetalning,
  [EVENT_TYPE.ledgerPosted]: SOURCE.raindance,
};

const ID_STEM: Readonly<Record<GeneratedEventType, string>> = {
  [EVENT_TYPE.caseOpened]: 'case-opened',
  [EVENT_TYPE.caseDecided]: 'case-decided',
  [EVENT_TYPE.caseClosed]: 'case-closed',
  [EVENT_TYPE.placementStarted]: 'placement-started',
  [EVENT_TYPE.placementRateChanged]: 'placement-rate-changed',
  [EVENT_TYPE.placementEnded]: 'placement-ended',
  [EVENT_TYPE.paymentDisbursed]: 'payment-disbursed',
  [EVENT_TYPE.paymentReversed]: 'payment-reversed',
  [EVENT_TYPE.paymentRepaid]: 'payment-repaid',
  [EVENT_TYPE.reimbursementReceived]: 'reimbursement-received',
  [EVENT_TYPE.ledgerPosted]: 'ledger-posted',
};

const before = (x: Entry, y: Entry): boolean => x.key < y.key || (x.key === y.key && x.seq < y.seq);

/**
 * Collects events from the simulation and releases them in stream order (by time, except the
 * deliberate out-of-order ones) once no later simulation step can produce an earlier one.
 * Ids are numbered per source in generation order, and numbered even for events the window
 * drops, so that a shorter `until` or fewer `years` never renumbers the events it keeps.
 */
export class EventSink {
  private readonly heap: Entry[] = [];
  private readonly counters = new Map<GeneratedSource, number>();
  private seq = 0;

  constructor(
    private readonly window: Window,
    private readonly idPrefix: string,
  ) {}

  emit<T extends GeneratedEventType>(spec: EmitSpec<T>): void {
    const source = SOURCE_OF[spec.type];
    const n = (this.counters.get(source) ?? 0) + 1;
    this.counters.set(source, n);
    const w = this.window;
    if ((!spec.initial && spec.business < w.firstDay) || spec.business > w.lastDay || spec.time > w.until)
      return;
    const event = {
      specversion: '1.0',
      id: `${this.idPrefix}${ID_STEM[spec.type]}-${String(n).padStart(8, '0')}`,
      source,
      type: spec.type,
      time: formatInstant(spec.time),
      subject: spec.subject,
      datacontenttype: 'application/json',
      data: spec.data,
    } as GeneratedEvent;
    const outOfOrder = spec.emitBefore !== undefined && spec.emitBefore < spec.time;
    this.push({
      key: outOfOrder ? (spec.emitBefore as Instant) - 1 : spec.time,
      seq: this.seq++,
      event,
      outOfOrder,
    });
  }

  /** Releases, in order, every held event placed before `threshold`. */
  *releaseBefore(
    threshold: Instant,
  ): Generator<{ readonly event: GeneratedEvent; readonly outOfOrder: boolean }> {
    while (this.heap.length > 0 && this.heap[0].key < threshold) yield this.pop();
  }

  *releaseAll(): Generator<{ readonly event: GeneratedEvent; readonly outOfOrder: boolean }> {
    while (this.heap.length > 0) yield this.pop();
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private pop(): Entry {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop() as Entry;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l], heap[m])) m = l;
        if (r < heap.length && before(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  }
}
