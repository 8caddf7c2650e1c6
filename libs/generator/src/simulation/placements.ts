import {
  bankDayOnOrAfter,
  bankDayOnOrBefore,
  civilOf,
  dayOf,
  formatDay,
  monthEnd,
  monthLength,
  monthStart,
  SECONDS_PER_DAY,
  type Day,
  type Instant,
  type MonthIndex,
} from '../core/dates';
import { mulDivRound, oreFromSek, wholeKronor, type Ore } from '../core/money';
import { formatOre } from '../core/money';
import { syntheticPersonnummer } from '../core/personnummer';
import type { Rng } from '../core/rng';
import { EVENT_TYPE, PLACEMENT_TYPES, type PlacementType } from '../events';
import {
  egenShareOn,
  expectedArrivals,
  placementLevel,
  PLACEMENT_STREAMS,
  priceIndex,
  type PlacementStream,
} from '../model/placements';
import { lateness, officeTime, type SimContext } from './context';

/** Placements already running when the data begins started at most this many years before it. */
const RUNNING_SINCE_YEARS = 2;
const MAX_DAYS = 12 * 365;
/** Share of placements whose first later event (a rate change or the end) reaches the stream before the start. */
const OUT_OF_ORDER_SHARE = 0.03;

export interface PlacementSpan {
  readonly startDay: Day;
  readonly endDay: Day;
}

interface PooledCase {
  readonly caseId: string;
  readonly availableFrom: Day;
}

interface RateChange {
  readonly from: Day;
  readonly factor: number;
  readonly indexation: boolean;
}

function logNormalParams(stream: PlacementStream): { readonly mu: number; readonly sigma: number } {
  return { mu: Math.log(stream.meanDays) - (stream.sigma * stream.sigma) / 2, sigma: stream.sigma };
}

/**
 * Placements per stream (type × target group): the ones running at the start (drawn as a
 * stationary population: length-biased durations, uniform age), then arrivals month by month
 * at the rate that keeps the expected level (Little's law plus the change in level). Each
 * placement's whole life — start, rate changes, end, its case — is decided when it starts.
 */
export class PlacementSimulation {
  private readonly pools = new Map<string, PooledCase[]>();
  /** Ensamkommande placements, for Migrationsverket's quarterly ersättning. */
  readonly unaccompanied: PlacementSpan[] = [];

  constructor(private readonly ctx: SimContext) {}

  private get rngRoot(): Rng {
    return this.ctx.rng.fork('placements');
  }

  load(): void {
    const rng = this.rngRoot.fork('load');
    const firstDay = this.ctx.options.firstDay;
    const earliestStart = dayOf(civilOf(firstDay).year - RUNNING_SINCE_YEARS, 1, 1);
    const perType = new Map<PlacementType, number>();
    const counts = PLACEMENT_STREAMS.map((stream) => {
      const n = rng.poisson(placementLevel(stream, firstDay, this.ctx.scale));
      perType.set(stream.type, (perType.get(stream.type) ?? 0) + n);
      return n;
    });
    // Even the smallest data set has every kind of placement at least once.
    for (const type of PLACEMENT_TYPES) {
      if ((perType.get(type) ?? 0) === 0) counts[PLACEMENT_STREAMS.findIndex((s) => s.type === type)]++;
    }
    PLACEMENT_STREAMS.forEach((stream, i) => {
      const { mu, sigma } = logNormalParams(stream);
      for (let k = 0; k < counts[i]; k++) {
        // Running placements are seen in proportion to their length.
        const total = Math.max(
          2,
          Math.min(MAX_DAYS, Math.round(Math.exp(rng.normal(mu + sigma * sigma, sigma)))),
        );
        const age = rng.int(1, total - 1);
        const endDay = firstDay - age + total - 1;
        let startDay = firstDay - age;
        if (startDay < earliestStart) startDay = rng.int(earliestStart, firstDay - 1);
        this.place(rng, stream, startDay, endDay, true);
      }
    });
  }

  step(mi: MonthIndex): void {
    const rng = this.rngRoot.fork(mi);
    const first = monthStart(mi);
    const last = monthEnd(mi);
    const days = monthLength(mi);
    for (const stream of PLACEMENT_STREAMS) {
      const expected = expectedArrivals(stream, first, last + 1, this.ctx.scale);
      const arrivals = rng.poisson(Math.max(0, expected));
      const { mu, sigma } = logNormalParams(stream);
      for (let k = 0; k < arrivals; k++) {
        const startDay = first + rng.int(0, days - 1);
        const total = Math.max(1, Math.min(MAX_DAYS, Math.round(Math.exp(rng.normal(mu, sigma)))));
        this.place(rng, stream, startDay, startDay + total - 1, false);
      }
    }
  }

  // ---------------------------------------------------------------- one placement's life

  private place(rng: Rng, stream: PlacementStream, startDay: Day, endDay: Day, initial: boolean): void {
    const { sink, ids, load } = this.ctx;
    const placementId = ids.placement();
    const { caseId, caseKnownAt } = this.caseFor(rng, stream, startDay, initial);

    const startedAt: Instant = initial
      ? load.next()
      : Math.max(
          officeTime(rng, startDay) + (rng.chance(0.2) ? SECONDS_PER_DAY : 0) + lateness(rng, 0.1, 3, 30),
          caseKnownAt + 60,
        );
    const regi = rng.chance(egenShareOn(stream, startDay)) ? 'EGEN' : 'EXTERN';
    const sek = rng.uniform(stream.rate[0], stream.rate[1]) * priceIndex(civilOf(startDay).year);
    const startRate = rng.chance(0.4) ? oreFromSek(sek) : wholeKronor(sek);
    const total = endDay - startDay + 1;
    const planned = rng.chance(stream.plannedEndShare)
      ? startDay + Math.max(0, Math.round(total * rng.uniform(0.7, 1.3)) - 1)
      : null;
    sink.emit({
      type: EVENT_TYPE.placementStarted,
      subject: placementId,
      data: {
        placementId,
        caseId,
        placementType: stream.type,
        regi,
        targetGroup: stream.group,
        startDate: formatDay(startDay),
        ...(planned === null ? {} : { plannedEndDate: formatDay(planned) }),
        dailyRate: formatOre(startRate),
        ...(regi === 'EXTERN' ? { providerId: `ORG${String(rng.int(1, 120)).padStart(3, '0')}` } : {}),
      },
      business: startDay,
      time: startedAt,
      initial,
    });
    if (stream.group === 'ENSAMKOMMANDE') this.unaccompanied.push({ startDay, endDay });

    // Later events; the first one inside the window sometimes overtakes the start.
    let hoist = rng.chance(OUT_OF_ORDER_SHARE);
    const emitBefore = (business: Day): Instant | undefined => {
      if (!hoist || business < this.ctx.options.firstDay) return undefined;
      hoist = false;
      return startedAt;
    };

    let rate: Ore = startRate;
    for (const change of this.rateChanges(rng, stream, startDay, endDay)) {
      rate = mulDivRound(rate, Math.round(change.factor * 10_000), 10_000);
      const historical = change.from < this.ctx.options.firstDay;
      const registered = historical
        ? load.next()
        : Math.max(
            officeTime(rng, change.from + (change.indexation ? rng.int(5, 45) : rng.int(0, 14))),
            startedAt + 60,
          );
      const before = historical ? undefined : emitBefore(change.from);
      sink.emit({
        type: EVENT_TYPE.placementRateChanged,
        subject: placementId,
        data: { placementId, effectiveFrom: formatDay(change.from), dailyRate: formatOre(rate) },
        business: change.from,
        time: registered,
        initial: historical,
        ...(before === undefined ? {} : { emitBefore: before }),
      });
    }

    const endedAt = Math.max(officeTime(rng, endDay + 1) + lateness(rng, 0.15, 3, 25), startedAt + 120);
    const before = emitBefore(endDay);
    sink.emit({
      type: EVENT_TYPE.placementEnded,
      subject: placementId,
      data: { placementId, endDate: formatDay(endDay) },
      business: endDay,
      time: endedAt,
      ...(before === undefined ? {} : { emitBefore: before }),
    });

    if (rng.chance(stream.closeCaseShare)) {
      const closedOn = bankDayOnOrAfter(endDay + rng.int(1, 40));
      sink.emit({
        type: EVENT_TYPE.caseClosed,
        subject: caseId,
        data: { caseId, closedOn: formatDay(closedOn), reason: rng.chance(0.8) ? 'OVRIGT' : 'FLYTT' },
        business: closedOn,
        time: Math.max(officeTime(rng, closedOn), endedAt + 60),
      });
    } else {
      this.poolOf(stream).push({ caseId, availableFrom: endDay + 1 });
    }
  }

  /** Indexation on 1 January and the odd renegotiation, in date order. */
  private rateChanges(rng: Rng, stream: PlacementStream, startDay: Day, endDay: Day): RateChange[] {
    const changes: RateChange[] = [];
    if (stream.indexation) {
      for (let year = civilOf(startDay).year + 1; dayOf(year, 1, 1) <= endDay; year++) {
        const jan1 = dayOf(year, 1, 1);
        if (jan1 - startDay >= 90 && rng.chance(0.85))
          changes.push({ from: jan1, factor: rng.uniform(1.02, 1.03), indexation: true });
      }
    }
    const total = endDay - startDay + 1;
    if (total > 30) {
      const n = rng.poisson((stream.renegotiationsPerYear * total) / 365);
      for (let i = 0; i < n; i++) {
        changes.push({
          from: startDay + rng.int(14, total - 1),
          factor: rng.uniform(0.92, 1.2),
          indexation: false,
        });
      }
    }
    changes.sort((a, b) => a.from - b.from);
    return changes.filter((c, i) => i === 0 || c.from !== changes[i - 1].from);
  }

  // ---------------------------------------------------------------- cases

  private poolOf(stream: PlacementStream): PooledCase[] {
    const key = `${stream.caseType}:${stream.group}`;
    let pool = this.pools.get(key);
    if (pool === undefined) {
      pool = [];
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** An earlier case of the same person, or a new case (opened, and decided unless it is history). */
  private caseFor(
    rng: Rng,
    stream: PlacementStream,
    startDay: Day,
    initial: boolean,
  ): { readonly caseId: string; readonly caseKnownAt: Instant } {
    const { sink, ids, load, options } = this.ctx;
    if (!initial && rng.chance(stream.caseReuse)) {
      const pool = this.poolOf(stream);
      const i = pool.findIndex((c) => c.availableFrom <= startDay && c.availableFrom > startDay - 400);
      if (i >= 0) {
        const [reused] = pool.splice(i, 1);
        return { caseId: reused.caseId, caseKnownAt: 0 };
      }
    }
    const caseId = ids.next(stream.casePrefix, 7);
    const householdId = ids.household();
    let openedOn = bankDayOnOrBefore(startDay - rng.int(0, initial ? 60 : 30));
    if (!initial) openedOn = Math.min(startDay, Math.max(options.firstDay, openedOn));
    const openedAt = initial ? load.next() : officeTime(rng, openedOn);
    const { year } = civilOf(startDay);
    const born =
      stream.group === 'VUXEN'
        ? [dayOf(1955, 1, 1), dayOf(year - 20, 12, 31)]
        : stream.group === 'ENSAMKOMMANDE'
          ? [startDay - 17 * 365, startDay - 14 * 365]
          : [startDay - 17 * 365, startDay - 365];
    const personnummer = rng.chance(0.5) ? syntheticPersonnummer(rng, born[0], born[1]) : undefined;
    sink.emit({
      type: EVENT_TYPE.caseOpened,
      subject: caseId,
      data: {
        caseId,
        householdId,
        caseType: stream.caseType,
        openedOn: formatDay(openedOn),
        unit: stream.unit,
        ...(personnummer === undefined ? {} : { personnummer }),
      },
      business: openedOn,
      time: openedAt,
      initial,
    });
    if (initial) return { caseId, caseKnownAt: openedAt };
    const decidedOn = Math.min(startDay, Math.max(openedOn, bankDayOnOrBefore(startDay - rng.int(0, 3))));
    const decidedAt = Math.max(officeTime(rng, decidedOn), openedAt + 60);
    sink.emit({
      type: EVENT_TYPE.caseDecided,
      subject: caseId,
      data: { caseId, decisionId: ids.decision(), decisionType: 'BEVILJAT', decidedOn: formatDay(decidedOn) },
      business: decidedOn,
      time: decidedAt,
    });
    return { caseId, caseKnownAt: decidedAt };
  }
}
