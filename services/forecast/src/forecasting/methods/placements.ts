import { daysInMonth, fromEpochDay, toEpochDay, type EpochDay } from '@ramprognos/calendar';
import { parseClassificationKeyId } from '@ramprognos/contracts';
import { careDaysByMonth, rateSegments } from '../../projections/placement-days/placement-days';
import type { PlacementFact } from '../engine/forecast-input';
import { fitSeasonalTrend, type SeasonalTrendOptions, type SeriesPoint } from './seasonal-trend';
import { StaySurvival, type StayObservation } from './survival';

/*
 * Placements (SPEC §7): what is already committed — every running placement to its known or
 * planned end, or for as long as placements of its kind that have lasted as long tend to go on —
 * at the rate in force each day (known future rate changes included), plus the placements that
 * the trailing inflow of the kind says will start before 31 December, each for its expected days
 * left in the year at the kind's typical rate of new placements.
 */

export interface PlacementParameters {
  /** Ended stays a kind needs before its own durations are used; else it borrows a wider kind's. */
  readonly minEndedStays: number;
  /** See StaySurvival: ages with fewer stays at risk use the tail hazard. */
  readonly minAtRisk: number;
  /** Trailing window of starts that the inflow of new placements is read from (without history). */
  readonly inflowWindowDays: number;
  /**
   * With history: the starts a month of the key's type and target group (all regi together), with
   * their season and trend like households; the key gets its share of them over the last
   * shareWindowDays. Pooling over regi keeps a shift between egen and extern regi (a new egen unit)
   * from reading as a trend of both.
   */
  readonly inflow: SeasonalTrendOptions;
  /** Below this many starts a month (mean over the earlier years) the group's inflow has a level and no trend. */
  readonly inflowTrendMinMonthlyStarts: number;
  /** The key's share of its group's starts is read over this many days… */
  readonly shareWindowDays: number;
  /** …pulled towards its share over inflowWindowDays as if this many more starts had been seen. */
  readonly shareShrinkStarts: number;
  /** Trailing window of starts whose rates make the typical rate of a new placement. */
  readonly rateWindowDays: number;
  /**
   * Prices of new placements rise: the change of the start rates between the last year and the
   * year before (each key against itself, pooled over keys) is carried forward from the middle of
   * the rate window, capped to this factor a year (1: off).
   */
  readonly priceTrendCap: number;
  /**
   * Placements that have begun but are not registered by knownAt: how long registrations lag is
   * read from the starts of the year before (those registered within this many days of their
   * start; a later registration is a load of old records, not a lag).
   */
  readonly registrationHorizonDays: number;
}

/** Which placements the durations of a key were learnt from: its own, or a wider kind when it has too few. */
export type DurationPool = 'key' | 'placementType+targetGroup' | 'placementType' | 'all';

export interface PlacementExplanation {
  /** Running placements with a known or planned end after asOf: exact days and cost to that end (or 31 December). */
  readonly committed: { readonly placements: number; readonly days: number; readonly costOre: bigint };
  /** Running placements without a planned end (or past it): expected days from the durations of their kind. */
  readonly continuing: {
    readonly placements: number;
    readonly expectedDays: number;
    readonly expectedCostOre: number;
    readonly durationsFrom: DurationPool;
    readonly endedStays: number;
  };
  /**
   * Placements that began on or before asOf but are not yet registered at knownAt (registrations
   * lag their start by days or weeks): the key's starts a day × the share of starts registered
   * later than knownAt is after that day, each for its expected days after asOf.
   */
  readonly notYetRegistered: { readonly expectedStarts: number; readonly expectedDays: number; readonly expectedCostOre: number };
  /** Placements expected to start after asOf. */
  readonly newPlacements: {
    readonly startsLastWindow: number;
    readonly expectedStarts: number;
    readonly expectedDays: number;
    readonly typicalRateOre: number;
    /** Yearly change of the rates of new placements carried forward (0.03 = 3 %). */
    readonly priceTrendPerYear: number;
    readonly expectedCostOre: number;
  };
}

export interface PlacementKeyForecast {
  /** Exact part of the rest of the year (committed placements). */
  readonly exactRemainingOre: bigint;
  /** Expected part (continuing and new placements), not yet rounded. */
  readonly expectedRemainingOre: number;
  readonly remainingDays: number;
  readonly explanation: PlacementExplanation;
}

export interface PlacementContext {
  readonly asOf: string;
  /** The instant the input is as known at (ISO): placements begun but not registered by then are expected. */
  readonly knownAt: string;
  /** Complete earlier years (ascending): the season and trend of the inflow are learnt from them. */
  readonly historyYears: readonly number[];
  /** 1 January of the first year the durations are learnt from (the observation window opens). */
  readonly windowStart: string;
  readonly yearEnd: string;
}

interface Fact {
  readonly p: PlacementFact;
  readonly start: EpochDay;
  readonly end: EpochDay | null;
}

/** Forecast of the rest of the year for every placements key that has running placements or recent starts. */
export function forecastPlacements(
  placements: readonly PlacementFact[],
  context: PlacementContext,
  parameters: PlacementParameters,
): Map<string, PlacementKeyForecast> {
  const asOf = toEpochDay(context.asOf);
  const yearEnd = toEpochDay(context.yearEnd);
  const windowStart = toEpochDay(context.windowStart);
  const daysLeft = yearEnd - asOf;
  const facts: Fact[] = [...placements]
    .sort((a, b) => (a.placementId < b.placementId ? -1 : a.placementId > b.placementId ? 1 : 0))
    .map((p) => ({ p, start: toEpochDay(p.startDate), end: p.endDate === null ? null : toEpochDay(p.endDate) }))
    .filter((f) => f.start <= asOf);

  const oldestStart = facts.reduce((min, f) => Math.min(min, f.start), asOf);
  const maxAge = asOf - oldestStart + daysLeft + 3;
  const curves = new SurvivalByKind(facts, asOf, windowStart, maxAge, parameters);

  const groupInflow = new GroupInflow(facts, context, parameters);
  const unregistered = unregisteredShareByDay(facts, asOf, toEpochDay(context.knownAt.slice(0, 10)), parameters.registrationHorizonDays);
  const priceTrend = yearlyPriceTrend(facts, asOf, parameters.priceTrendCap);
  const byKey = new Map<string, Fact[]>();
  for (const f of facts) {
    const list = byKey.get(f.p.key);
    if (list) list.push(f);
    else byKey.set(f.p.key, [f]);
  }

  const result = new Map<string, PlacementKeyForecast>();
  for (const key of [...byKey.keys()].sort()) {
    const keyFacts = byKey.get(key) ?? [];
    const { curve, pool } = curves.forKey(key);
    const committed = { placements: 0, days: 0, costOre: 0n };
    const continuing = { placements: 0, expectedDays: 0, expectedCostOre: 0 };
    if (daysLeft > 0) {
      for (const f of keyFacts) {
        const running = f.end === null || f.end > asOf;
        if (!running) continue;
        const knownEnd = f.end ?? (f.p.plannedEndDate === null ? null : toEpochDay(f.p.plannedEndDate));
        if (knownEnd !== null && knownEnd > asOf) {
          const months = careDaysByMonth(
            { startDate: f.p.startDate, endDate: fromEpochDay(knownEnd), dailyRateOre: f.p.dailyRateOre, rateChanges: f.p.rateChanges },
            asOf + 1,
            yearEnd,
          );
          committed.placements++;
          for (const m of months) {
            committed.days += m.careDays;
            committed.costOre += m.costOre;
          }
        } else {
          const expected = expectedContinuation(f, curve, asOf, yearEnd);
          continuing.placements++;
          continuing.expectedDays += expected.days;
          continuing.expectedCostOre += expected.costOre;
        }
      }
    }
    const inflow = newPlacements(keyFacts, curve, context, parameters, groupInflow, priceTrend);
    const notYetRegistered = unregisteredPlacements(inflow, unregistered, curve, daysLeft, parameters.inflowWindowDays);
    result.set(key, {
      exactRemainingOre: committed.costOre,
      expectedRemainingOre: continuing.expectedCostOre + notYetRegistered.expectedCostOre + inflow.expectedCostOre,
      remainingDays: committed.days + continuing.expectedDays + notYetRegistered.expectedDays + inflow.expectedDays,
      explanation: {
        committed,
        continuing: { ...continuing, durationsFrom: pool, endedStays: curve.events },
        notYetRegistered,
        newPlacements: inflow,
      },
    });
  }
  return result;
}

/** Expected days and cost after asOf to 31 December of a running placement without a usable end. */
function expectedContinuation(
  f: Fact,
  curve: StaySurvival,
  asOf: EpochDay,
  yearEnd: EpochDay,
): { days: number; costOre: number } {
  const age = asOf - f.start + 1;
  const segments = rateSegments(f.p);
  let days = 0;
  let costOre = 0;
  for (let i = 0; i < segments.length; i++) {
    const from = Math.max(segments[i].from, asOf + 1);
    const to = Math.min(i + 1 < segments.length ? segments[i + 1].from - 1 : yearEnd, yearEnd);
    if (to < from) continue;
    const expected = curve.expectedDaysBetween(age, from - asOf, to - asOf);
    days += expected;
    costOre += expected * Number(segments[i].rateOre);
  }
  return { days, costOre };
}

/**
 * For each of the days asOf, asOf − 1, …: the share of the starts of a day that are registered
 * later than knownAt — read from the starts of the year before the horizon (each registered
 * within the horizon), pooled over all kinds. Empty when nothing lags.
 */
function unregisteredShareByDay(facts: readonly Fact[], asOf: EpochDay, knownDay: EpochDay, horizon: number): number[] {
  const lagCounts = new Array<number>(horizon + 1).fill(0);
  let n = 0;
  for (const f of facts) {
    if (f.start > asOf - horizon || f.start <= asOf - horizon - 365) continue;
    const lag = toEpochDay(f.p.registeredOn) - f.start;
    if (lag < 0 || lag > horizon) continue;
    lagCounts[lag]++;
    n++;
  }
  const shares: number[] = [];
  if (n === 0) return shares;
  // later[d]: starts registered more than d days after they began
  let later = n;
  const laterThan: number[] = [];
  for (let d = 0; d <= horizon; d++) {
    later -= lagCounts[d];
    laterThan.push(later / n);
  }
  for (let back = 0; back < horizon; back++) {
    const sinceStart = knownDay - (asOf - back);
    shares.push(sinceStart < 0 ? 1 : sinceStart > horizon ? 0 : laterThan[sinceStart]);
  }
  return shares;
}

/** The key's starts a day (its trailing inflow) × the share not yet registered, each for its expected days after asOf. */
function unregisteredPlacements(
  inflow: PlacementExplanation['newPlacements'],
  shareByDay: readonly number[],
  curve: StaySurvival,
  daysLeft: number,
  window: number,
): PlacementExplanation['notYetRegistered'] {
  let expectedStarts = 0;
  let expectedDays = 0;
  const perDay = inflow.startsLastWindow / window;
  if (daysLeft > 0 && perDay > 0) {
    for (let back = 0; back < shareByDay.length; back++) {
      const starts = perDay * shareByDay[back];
      if (starts <= 0) continue;
      expectedStarts += starts;
      expectedDays += starts * curve.expectedDaysBetween(back + 1, 1, daysLeft);
    }
  }
  return { expectedStarts, expectedDays, expectedCostOre: expectedDays * inflow.typicalRateOre };
}

function newPlacements(
  keyFacts: readonly Fact[],
  curve: StaySurvival,
  context: PlacementContext,
  parameters: PlacementParameters,
  groups: GroupInflow,
  priceTrend: number,
): PlacementExplanation['newPlacements'] {
  const asOf = toEpochDay(context.asOf);
  const yearEnd = toEpochDay(context.yearEnd);
  const daysLeft = yearEnd - asOf;
  const window = parameters.inflowWindowDays;
  let starts = 0;
  let recentStarts = 0;
  const windowShareOf = (group: { windowStarts: number }) => (group.windowStarts > 0 ? starts / group.windowStarts : 0);
  let rateSum = 0;
  let rateCount = 0;
  for (const f of keyFacts) {
    if (f.start > asOf - window) starts++;
    if (f.start > asOf - parameters.shareWindowDays) recentStarts++;
    if (f.start > asOf - parameters.rateWindowDays) {
      rateSum += Number(f.p.dailyRateOre);
      rateCount++;
    }
  }
  if (rateCount === 0) {
    // No recent start to price a new one by: the rates of the running placements.
    for (const f of keyFacts) {
      if (f.end === null || f.end > asOf) {
        rateSum += Number(rateAt(f, asOf));
        rateCount++;
      }
    }
  }
  const typicalRateOre = rateCount > 0 ? rateSum / rateCount : 0;

  // Expected starts per day after asOf: the key's share of its group's season and trend when the
  // group has a complete earlier year, else the key's own trailing rate.
  const group = keyFacts.length > 0 ? groups.perDayAfter(keyFacts[0].p.key) : null;
  let share = 0;
  if (group !== null) {
    const k = parameters.shareShrinkStarts;
    const denominator = group.recentStarts + k;
    share = denominator > 0 ? (recentStarts + k * windowShareOf(group)) / denominator : windowShareOf(group);
  }
  const trailing = starts / window;
  // A start on day asOf + i (i = 1 … daysLeft) has daysLeft − i + 1 days of care left in the year.
  let expectedStarts = 0;
  let expectedDays = 0;
  let expectedCostOre = 0;
  for (let i = 1; i <= daysLeft; i++) {
    const rate = group === null ? trailing : share * group.perDay[i - 1];
    if (rate <= 0) continue;
    const days = rate * curve.expectedDaysFromStart(daysLeft - i + 1);
    expectedStarts += rate;
    expectedDays += days;
    expectedCostOre += days * typicalRateOre * (1 + ((priceTrend - 1) * (parameters.rateWindowDays / 2 + i)) / 365);
  }
  return {
    startsLastWindow: starts,
    expectedStarts,
    expectedDays,
    typicalRateOre,
    priceTrendPerYear: priceTrend - 1,
    expectedCostOre,
  };
}

/** Starts a month per type and target group, fitted with their season and trend. */
class GroupInflow {
  private readonly groups = new Map<string, { perDay: number[]; recentStarts: number; windowStarts: number } | null>();
  private readonly factsByGroup = new Map<string, Fact[]>();

  constructor(
    facts: readonly Fact[],
    private readonly context: PlacementContext,
    private readonly parameters: PlacementParameters,
  ) {
    for (const f of facts) {
      const group = inflowGroupOf(f.p.key);
      const list = this.factsByGroup.get(group);
      if (list) list.push(f);
      else this.factsByGroup.set(group, [f]);
    }
  }

  perDayAfter(key: string): { perDay: number[]; recentStarts: number; windowStarts: number } | null {
    const group = inflowGroupOf(key);
    if (!this.groups.has(group)) this.groups.set(group, this.fit(this.factsByGroup.get(group) ?? []));
    return this.groups.get(group) ?? null;
  }

  private fit(facts: readonly Fact[]): { perDay: number[]; recentStarts: number; windowStarts: number } | null {
    const { context, parameters } = this;
    if (context.historyYears.length === 0) return null;
    const asOf = toEpochDay(context.asOf);
    const yearEnd = toEpochDay(context.yearEnd);
    const year = Number(context.asOf.slice(0, 4));
    const asOfMonth = Number(context.asOf.slice(5, 7));
    const completeMonths = Number(context.asOf.slice(8, 10)) === daysInMonth(year, asOfMonth) ? asOfMonth : asOfMonth - 1;
    const counts = new Map<number, number>();
    let recentStarts = 0;
    let windowStarts = 0;
    for (const f of facts) {
      const t = Number(f.p.startDate.slice(0, 4)) * 12 + Number(f.p.startDate.slice(5, 7)) - 1;
      counts.set(t, (counts.get(t) ?? 0) + 1);
      if (f.start > asOf - parameters.shareWindowDays) recentStarts++;
      if (f.start > asOf - parameters.inflowWindowDays) windowStarts++;
    }
    const history: SeriesPoint[] = [];
    for (const y of context.historyYears) for (let m = 0; m < 12; m++) history.push({ t: y * 12 + m, value: counts.get(y * 12 + m) ?? 0 });
    const recent: SeriesPoint[] = [];
    for (let m = 0; m < completeMonths; m++) recent.push({ t: year * 12 + m, value: counts.get(year * 12 + m) ?? 0 });
    const meanMonthly = history.reduce((sum, p) => sum + p.value, 0) / history.length;
    const options: SeasonalTrendOptions =
      meanMonthly >= parameters.inflowTrendMinMonthlyStarts ? parameters.inflow : { ...parameters.inflow, maxMonthlySlope: 0 };
    const fit = fitSeasonalTrend(history, recent, options);
    if (fit === null) return null;
    const perDay: number[] = [];
    for (let day = asOf + 1; day <= yearEnd; day++) {
      const month = Number(fromEpochDay(day).slice(5, 7));
      perDay.push(fit.predict(year * 12 + month - 1) / daysInMonth(year, month));
    }
    return { perDay, recentStarts, windowStarts };
  }
}

function inflowGroupOf(key: string): string {
  const { fields } = parseClassificationKeyId(key);
  return `${fields.placementType}|${fields.targetGroup}`;
}

/** Start rates of the last year against the year before, each key against itself, pooled by starts. */
function yearlyPriceTrend(facts: readonly Fact[], asOf: EpochDay, cap: number): number {
  if (cap <= 1) return 1;
  const sums = new Map<string, { recent: number; recentN: number; before: number; beforeN: number }>();
  for (const f of facts) {
    const age = asOf - f.start;
    if (age < 0 || age >= 730) continue;
    const s = sums.get(f.p.key) ?? { recent: 0, recentN: 0, before: 0, beforeN: 0 };
    if (age < 365) {
      s.recent += Number(f.p.dailyRateOre);
      s.recentN++;
    } else {
      s.before += Number(f.p.dailyRateOre);
      s.beforeN++;
    }
    sums.set(f.p.key, s);
  }
  let weighted = 0;
  let weight = 0;
  for (const key of [...sums.keys()].sort()) {
    const s = sums.get(key) as { recent: number; recentN: number; before: number; beforeN: number };
    if (s.recentN < MIN_STARTS_FOR_PRICE || s.beforeN < MIN_STARTS_FOR_PRICE || s.before <= 0) continue;
    const w = Math.min(s.recentN, s.beforeN);
    weighted += w * (s.recent / s.recentN / (s.before / s.beforeN));
    weight += w;
  }
  if (weight === 0) return 1;
  return Math.min(cap, Math.max(1 / cap, weighted / weight));
}

const MIN_STARTS_FOR_PRICE = 5;

function rateAt(f: Fact, day: EpochDay): bigint {
  let rate = f.p.dailyRateOre;
  for (const segment of rateSegments(f.p)) if (segment.from <= day) rate = segment.rateOre;
  return rate;
}

/** Duration curves per key, borrowing from wider kinds (same type and target group, same type, all) when thin. */
class SurvivalByKind {
  private readonly observations = new Map<string, StayObservation[]>();
  private readonly curves = new Map<string, StaySurvival>();

  constructor(
    facts: readonly Fact[],
    asOf: EpochDay,
    windowStart: EpochDay,
    private readonly maxAge: number,
    private readonly parameters: PlacementParameters,
  ) {
    for (const f of facts) {
      if (f.end !== null && f.end < windowStart) continue;
      const ended = f.end !== null && f.end <= asOf;
      const observation: StayObservation = {
        entryAge: Math.max(1, windowStart - f.start + 1),
        exitAge: (ended ? (f.end as number) : asOf) - f.start + 1,
        ended,
      };
      for (const group of groupsOf(f.p.key)) {
        const list = this.observations.get(group);
        if (list) list.push(observation);
        else this.observations.set(group, [observation]);
      }
    }
  }

  forKey(key: string): { curve: StaySurvival; pool: DurationPool } {
    const groups = groupsOf(key);
    const pools: DurationPool[] = ['key', 'placementType+targetGroup', 'placementType', 'all'];
    for (let i = 0; i < groups.length; i++) {
      const curve = this.curve(groups[i]);
      if (curve.events >= this.parameters.minEndedStays || i === groups.length - 1) return { curve, pool: pools[i] };
    }
    throw new Error('unreachable');
  }

  private curve(group: string): StaySurvival {
    let curve = this.curves.get(group);
    if (curve === undefined) {
      curve = StaySurvival.estimate(this.observations.get(group) ?? [], this.maxAge, { minAtRisk: this.parameters.minAtRisk });
      this.curves.set(group, curve);
    }
    return curve;
  }
}

function groupsOf(key: string): [string, string, string, string] {
  const { fields } = parseClassificationKeyId(key);
  return [key, `type+group|${fields.placementType}|${fields.targetGroup}`, `type|${fields.placementType}`, 'all'];
}
