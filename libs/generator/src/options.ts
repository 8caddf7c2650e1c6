import { dayOf, parseDay, SECONDS_PER_DAY, type Day, type Instant } from './core/dates';

/** Fractions of Malmö: `small` for unit tests, `medium` for integration and demo, `malmo` for benchmarks. */
export const SCALES = { small: 0.02, medium: 0.1, malmo: 1 } as const;
export type ScaleName = keyof typeof SCALES;
export type Scale = ScaleName | number;

export const DEFAULT_YEARS: readonly number[] = [2021, 2022, 2023];

export interface GeneratorOptions {
  readonly seed: number | string;
  readonly scale: Scale;
  /** Consecutive calendar years of business dates; default 2021–2023. */
  readonly years?: readonly number[];
  /**
   * `YYYY-MM-DD`: the world as known at the end of that day — only events whose knowledge
   * time is on or before it. The events kept are exactly those of the run without `until`
   * whose time is not later, with the same ids.
   */
  readonly until?: string;
  /** Prepended to every event id and aggregate id, so that several data sets can share one system. */
  readonly idPrefix?: string;
}

export interface ResolvedOptions {
  readonly seed: string;
  readonly scale: number;
  readonly years: readonly number[];
  readonly firstDay: Day;
  readonly lastDay: Day;
  readonly until: Instant;
  readonly idPrefix: string;
}

export function resolveScale(scale: Scale): number {
  const value = typeof scale === 'number' ? scale : SCALES[scale];
  if (value === undefined || !Number.isFinite(value) || value <= 0 || value > 10) {
    throw new RangeError(
      `scale must be one of ${Object.keys(SCALES).join(', ')} or a fraction of Malmö in (0, 10]`,
    );
  }
  return value;
}

export function resolveOptions(options: GeneratorOptions): ResolvedOptions {
  if (typeof options.seed !== 'number' && typeof options.seed !== 'string') {
    throw new TypeError('seed must be a number or a string');
  }
  const years = [...(options.years ?? DEFAULT_YEARS)].sort((a, b) => a - b);
  if (years.length === 0) throw new RangeError('years must name at least one year');
  years.forEach((year, i) => {
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      throw new RangeError(`not a supported year: ${year}`);
    if (i > 0 && year !== years[i - 1] + 1) throw new RangeError('years must be consecutive');
  });
  const idPrefix = options.idPrefix ?? '';
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f]/.test(idPrefix) || idPrefix.length > 64) {
    throw new RangeError('idPrefix must be at most 64 characters without blanks or control characters');
  }
  return {
    seed: String(options.seed),
    scale: resolveScale(options.scale),
    years,
    firstDay: dayOf(years[0], 1, 1),
    lastDay: dayOf(years[years.length - 1], 12, 31),
    until: options.until === undefined ? Infinity : (parseDay(options.until) + 1) * SECONDS_PER_DAY - 1,
    idPrefix,
  };
}
