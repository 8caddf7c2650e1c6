import { EpochDay, daysInMonth, fromEpochDay, monthOf, toEpochDay } from '@ramprognos/calendar';

/** A placement as known at some knowledge time: its start, the rate changes and the end known then. */
export interface PlacementAsKnown {
  readonly startDate: string;
  /** The last day of care (inclusive), or null while no end is known. */
  readonly endDate: string | null;
  readonly dailyRateOre: bigint;
  readonly rateChanges: readonly RateChange[];
}

export interface RateChange {
  readonly effectiveFrom: string;
  readonly dailyRateOre: bigint;
  /** Knowledge time (the event's `time`), epoch milliseconds: breaks ties on effectiveFrom. */
  readonly knownAtMs: number;
  /** Event identity, the last tie-breaker so that the result never depends on arrival order. */
  readonly eventKey: string;
}

export interface CareDaysInMonth {
  readonly month: string;
  readonly careDays: number;
  readonly costOre: bigint;
}

interface RateSegment {
  readonly from: EpochDay;
  readonly rateOre: bigint;
}

/**
 * The rate in force from each breakpoint on (SPEC §6): the rate change with the latest
 * effectiveFrom ≤ the day, ties broken by the later knowledge time; else the start rate.
 */
export function rateSegments(placement: PlacementAsKnown): RateSegment[] {
  const changes = [...placement.rateChanges].sort(
    (a, b) =>
      a.effectiveFrom.localeCompare(b.effectiveFrom) ||
      a.knownAtMs - b.knownAtMs ||
      a.eventKey.localeCompare(b.eventKey),
  );
  const segments: RateSegment[] = [{ from: Number.NEGATIVE_INFINITY, rateOre: placement.dailyRateOre }];
  for (const change of changes) {
    const from = toEpochDay(change.effectiveFrom);
    const last = segments[segments.length - 1];
    // Sorted ascending, so a later change with the same effectiveFrom replaces the earlier one.
    if (last.from === from) segments[segments.length - 1] = { from, rateOre: change.dailyRateOre };
    else segments.push({ from, rateOre: change.dailyRateOre });
  }
  return segments;
}

/**
 * Care days and cost per month of one placement within [from, to] (inclusive epoch days). A
 * placement without a known end runs to `to` (SPEC §6: to asOf).
 */
export function careDaysByMonth(
  placement: PlacementAsKnown,
  from: EpochDay,
  to: EpochDay,
): CareDaysInMonth[] {
  const first = Math.max(toEpochDay(placement.startDate), from);
  const last = Math.min(placement.endDate === null ? to : toEpochDay(placement.endDate), to);
  if (last < first) return [];
  const segments = rateSegments(placement);
  const byMonth = new Map<string, { careDays: number; costOre: bigint }>();
  for (let i = 0; i < segments.length; i++) {
    const segmentFirst = Math.max(segments[i].from, first);
    const segmentLast = Math.min(i + 1 < segments.length ? segments[i + 1].from - 1 : last, last);
    let day = segmentFirst;
    while (day <= segmentLast) {
      const date = fromEpochDay(day);
      const monthEnd =
        day + daysInMonth(Number(date.slice(0, 4)), Number(date.slice(5, 7))) - Number(date.slice(8, 10));
      const runEnd = Math.min(monthEnd, segmentLast);
      const days = runEnd - day + 1;
      const month = monthOf(date);
      const entry = byMonth.get(month) ?? { careDays: 0, costOre: 0n };
      entry.careDays += days;
      entry.costOre += BigInt(days) * segments[i].rateOre;
      byMonth.set(month, entry);
      day = runEnd + 1;
    }
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, v]) => ({ month, careDays: v.careDays, costOre: v.costOre }));
}

/** The daily rate in force on one day. */
export function rateOn(placement: PlacementAsKnown, date: string): bigint {
  const day = toEpochDay(date);
  const segments = rateSegments(placement);
  let rate = segments[0].rateOre;
  for (const segment of segments) if (segment.from <= day) rate = segment.rateOre;
  return rate;
}
