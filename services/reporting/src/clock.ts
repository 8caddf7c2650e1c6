import type { Clock } from './budgets';

/** Injected wherever "now" matters (recordedAt, the default knownAt), so tests can fix time. */
export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };
