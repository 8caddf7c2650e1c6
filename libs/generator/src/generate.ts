import { instantOf, monthIndex, monthStart, SECONDS_PER_DAY } from './core/dates';
import { Rng } from './core/rng';
import { EventSink } from './core/sink';
import {
  GENERATED_EVENT_TYPES,
  SOURCE,
  type GeneratedEvent,
  type GeneratedEventType,
  type GeneratedSource,
} from './events';
import { resolveOptions, type GeneratorOptions } from './options';
import { IdAllocator, LoadClock, type SimContext } from './simulation/context';
import { EkonomisktBistandSimulation } from './simulation/ekonomiskt-bistand';
import { LedgerSimulation } from './simulation/ledger';
import { PlacementSimulation } from './simulation/placements';
import { ReimbursementSimulation } from './simulation/reimbursements';

/**
 * How far before the start of its month a simulation step may date an event (a case opened
 * for next month's bistånd, January's payment made before Christmas). Events are held until
 * no later step can produce anything earlier.
 */
const LOOKBACK_DAYS = 40;

interface Released {
  readonly event: GeneratedEvent;
  readonly outOfOrder: boolean;
}

function* simulate(options: GeneratorOptions): Generator<Released> {
  const o = resolveOptions(options);
  const firstMonth = monthIndex(o.years[0], 1);
  const lastMonth = monthIndex(o.years[o.years.length - 1], 12);
  const sink = new EventSink({ firstDay: o.firstDay, lastDay: o.lastDay, until: o.until }, o.idPrefix);
  const ctx: SimContext = {
    options: o,
    scale: o.scale,
    rng: new Rng(`ramprognos/${o.seed}`),
    sink,
    ids: new IdAllocator(o.idPrefix),
    load: new LoadClock(instantOf(o.firstDay)),
  };
  const bistand = new EkonomisktBistandSimulation(ctx);
  const placements = new PlacementSimulation(ctx);
  const reimbursements = new ReimbursementSimulation(ctx, placements.unaccompanied);
  const ledger = new LedgerSimulation(ctx);

  bistand.load(firstMonth);
  placements.load();
  // One benefit month past the last year: its payments made before Christmas belong to December.
  for (let mi = firstMonth; mi <= lastMonth + 1; mi++) {
    if ((monthStart(mi) - LOOKBACK_DAYS) * SECONDS_PER_DAY > o.until) break;
    bistand.step(mi, firstMonth);
    if (mi <= lastMonth) {
      placements.step(mi);
      reimbursements.step(mi);
      ledger.step(mi);
    }
    yield* sink.releaseBefore((monthStart(mi + 1) - LOOKBACK_DAYS) * SECONDS_PER_DAY);
  }
  yield* sink.releaseAll();
}

/**
 * The events of one municipality in stream order, generated lazily (a Malmö-size run is
 * several hundred thousand events; only a couple of months are held at a time).
 */
export function* generateEvents(options: GeneratorOptions): Generator<GeneratedEvent> {
  for (const { event } of simulate(options)) yield event;
}

export interface GenerationSummary {
  readonly total: number;
  readonly byType: Readonly<Record<GeneratedEventType, number>>;
  readonly bySource: Readonly<Record<GeneratedSource, number>>;
  /** Events placed in the stream before the event of their aggregate that must precede them. */
  readonly outOfOrder: number;
  readonly firstTime: string | null;
  readonly lastTime: string | null;
}

export interface Municipality {
  /** Sorted by `time`, except the `summary.outOfOrder` events placed deliberately early. */
  readonly events: GeneratedEvent[];
  readonly summary: GenerationSummary;
}

export function generateMunicipality(options: GeneratorOptions): Municipality {
  const events: GeneratedEvent[] = [];
  const byType = Object.fromEntries(GENERATED_EVENT_TYPES.map((t) => [t, 0])) as Record<
    GeneratedEventType,
    number
  >;
  const bySource = Object.fromEntries(Object.values(SOURCE).map((s) => [s, 0])) as Record<
    GeneratedSource,
    number
  >;
  let outOfOrder = 0;
  let firstTime: string | null = null;
  let lastTime: string | null = null;
  for (const released of simulate(options)) {
    const { event } = released;
    events.push(event);
    byType[event.type]++;
    bySource[event.source]++;
    if (released.outOfOrder) outOfOrder++;
    if (firstTime === null || event.time < firstTime) firstTime = event.time;
    if (lastTime === null || event.time > lastTime) lastTime = event.time;
  }
  return { events, summary: { total: events.length, byType, bySource, outOfOrder, firstTime, lastTime } };
}
