import { instantOf, SECONDS_PER_DAY, type Day, type Instant } from '../core/dates';
import type { Rng } from '../core/rng';
import type { EventSink } from '../core/sink';
import type { ResolvedOptions } from '../options';

/** Aggregate ids: one counter per kind, so ids read like the source systems' own. */
export class IdAllocator {
  private readonly counters = new Map<string, number>();

  constructor(private readonly prefix: string) {}

  next(stem: string, digits: number): string {
    const n = (this.counters.get(stem) ?? 0) + 1;
    this.counters.set(stem, n);
    return `${this.prefix}${stem}${String(n).padStart(digits, '0')}`;
  }

  household(): string {
    return this.next('HH', 7);
  }
  payment(): string {
    return this.next('P', 9);
  }
  repayment(): string {
    return this.next('R', 9);
  }
  decision(): string {
    return this.next('D', 9);
  }
  placement(): string {
    return this.next('PL', 7);
  }
  reimbursement(): string {
    return this.next('RE', 8);
  }
  posting(): string {
    return this.next('L', 8);
  }
}

/**
 * The initial load (cases and placements already running when the data begins) is emitted as
 * one batch at the start of the first year, a second apart, in the order the case system
 * would export it (a case before its placement).
 */
export class LoadClock {
  private offset = 0;

  constructor(private readonly start: Instant) {}

  next(): Instant {
    return this.start + this.offset++;
  }
}

export interface SimContext {
  readonly options: ResolvedOptions;
  readonly scale: number;
  readonly rng: Rng;
  readonly sink: EventSink;
  readonly ids: IdAllocator;
  readonly load: LoadClock;
}

// ---------------------------------------------------------------- knowledge times

/** During office hours on `day`: a case worker registers it. */
export function officeTime(rng: Rng, day: Day): Instant {
  return instantOf(day, rng.int(8, 16), rng.int(0, 59), rng.int(0, 59));
}

/** The payment system's morning batch on `day`. */
export function batchTime(rng: Rng, day: Day): Instant {
  return instantOf(day, rng.int(5, 6), rng.int(0, 59), rng.int(0, 59));
}

/** The ledger's night export after `day`. */
export function nightAfter(rng: Rng, day: Day): Instant {
  return instantOf(day + 1, rng.int(1, 4), rng.int(0, 59), rng.int(0, 59));
}

/** Most registrations are on time; with probability `p` they come `lo`–`hi` days late. */
export function lateness(rng: Rng, p: number, lo: number, hi: number): number {
  return rng.chance(p) ? rng.int(lo, hi) * SECONDS_PER_DAY : 0;
}
