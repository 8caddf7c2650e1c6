/*
 * A monthly series as level × seasonal factor of its calendar month, the level either a line
 * through the months (trend) or this year's own level (prices that change once a year). The
 * seasonal profile is learnt from the earlier years only (SPEC §7: "the seasonal profile of
 * earlier years"), averaged over all of them; the level also from this year's complete months.
 *
 * Only + − × ÷ on doubles, in a fixed order: the same input gives the same bits on every run.
 */

export interface SeriesPoint {
  /** Running month number (year × 12 + month − 1). */
  readonly t: number;
  readonly value: number;
}

export type LevelModel = 'trend' | 'this-year';

export interface SeasonalTrendOptions {
  readonly level: LevelModel;
  /** Weight of a month in the trend line relative to the month after it (1: all equal). */
  readonly monthlyDecay: number;
  /** Trend slope is capped to this share of the (weighted) mean level per month. */
  readonly maxMonthlySlope: number;
  /** Rounds of: deseasonalise → fit the level → re-estimate the season from what the level leaves. */
  readonly iterations: number;
  /**
   * For counts (starts of placements): the seasonal factors are pulled towards 1 as if this many
   * more observations a month had shown no season, so that a kind with a handful of starts a month
   * does not read noise as season. Absent: no shrinking.
   */
  readonly seasonShrink?: number;
  /** 'this-year' needs this many complete months of the year; with fewer, the level is a trend line. */
  readonly thisYearMinMonths?: number;
}

export interface SeasonalTrendFit {
  /** Twelve factors, January first, mean 1. */
  readonly season: readonly number[];
  /**
   * The change of level a year: the slope of the trend line over twelve months, or — with
   * 'this-year' — this year's level against the last earlier year's (the earlier years' season
   * then carries their movement within the year).
   */
  readonly yearlyChange: number;
  /** Level of the series (before season) in month t. */
  level(t: number): number;
  /** Expected value of month t. */
  predict(t: number): number;
}

const calendarMonth = (t: number): number => ((t % 12) + 12) % 12;

/**
 * Fits the series, or null when it cannot be read this way: no complete earlier year, a
 * negative value, or nothing to scale.
 */
export function fitSeasonalTrend(
  history: readonly SeriesPoint[],
  recent: readonly SeriesPoint[],
  options: SeasonalTrendOptions,
): SeasonalTrendFit | null {
  const all = [...history, ...recent].sort((a, b) => a.t - b.t);
  if (all.some((p) => !Number.isFinite(p.value) || p.value < 0)) return null;
  const years = new Map<number, SeriesPoint[]>();
  for (const p of history) {
    const year = Math.floor(p.t / 12);
    const list = years.get(year);
    if (list) list.push(p);
    else years.set(year, [p]);
  }
  const fullYears = [...years.entries()].filter(([, points]) => points.length === 12).sort(([a], [b]) => a - b);
  if (fullYears.length === 0) return null;

  // Counts: the season is shrunk before it deseasonalises anything. Dividing a month by a noisy
  // factor overstates the level on average (1/s is convex): with a few starts a month the level
  // read through the unshrunk factors came out 15–35 % high in the back-test.
  const shrink = options.seasonShrink;
  const historyMean = history.reduce((sum, p) => sum + p.value, 0) / history.length;
  const keep = shrink !== undefined && shrink > 0 ? historyMean / (historyMean + shrink) : 1;
  const shrunk = (factors: number[] | null): number[] | null => (factors === null || keep === 1 ? factors : factors.map((f) => 1 + (f - 1) * keep));

  // First season: each earlier year's months relative to that year's mean, averaged over years.
  let season = shrunk(
    normalise(
      averageOverYears(fullYears, (p, points) => {
        const mean = points.reduce((sum, q) => sum + q.value, 0) / 12;
        return mean > 0 ? p.value / mean : null;
      }),
    ),
  );
  if (season === null) return null;

  let line = { a: 0, b: 0, tRef: 0 };
  let yearOverYear: number | null = null;
  const thisYear = recent.length > 0 ? Math.floor(recent[0].t / 12) : null;
  for (let round = 0; round < Math.max(1, options.iterations); round++) {
    const s = season;
    if (options.level === 'this-year' && thisYear !== null && recent.length >= Math.max(1, options.thisYearMinMonths ?? 1)) {
      // Ratio estimator: this year's sum over the seasonal factors of the months it has.
      let sum = 0;
      let weight = 0;
      for (const p of recent) {
        sum += p.value;
        weight += s[calendarMonth(p.t)];
      }
      if (weight <= 0) return null;
      line = { a: sum / weight, b: 0, tRef: recent[recent.length - 1].t };
      const last = fullYears[fullYears.length - 1][1];
      let lastSum = 0;
      for (const p of last) lastSum += p.value;
      yearOverYear = lastSum > 0 ? line.a / (lastSum / 12) - 1 : 0;
      break; // the season of the earlier years is not detrended in this model
    }
    line = fitLine(all, s, options);
    if (line.a <= 0) return null;
    const fitted = line;
    const next = shrunk(
      normalise(
        averageOverYears(fullYears, (p) => {
          const level = fitted.a + fitted.b * (p.t - fitted.tRef);
          return level > 0 ? p.value / level : null;
        }),
      ),
    );
    if (next === null) return null;
    season = next;
  }
  const finalSeason = season;
  const finalLine = line;
  const level = (t: number): number => Math.max(0, finalLine.a + finalLine.b * (t - finalLine.tRef));
  const now = level(finalLine.tRef);
  return {
    season: finalSeason,
    yearlyChange: yearOverYear ?? (now > 0 ? level(finalLine.tRef + 12) / now - 1 : 0),
    level,
    predict: (t) => level(t) * finalSeason[calendarMonth(t)],
  };
}

/** Weighted least squares of the deseasonalised values on t; level a at tRef (the last month). */
function fitLine(
  points: readonly SeriesPoint[],
  season: readonly number[],
  options: SeasonalTrendOptions,
): { a: number; b: number; tRef: number } {
  const usable = points.filter((p) => season[calendarMonth(p.t)] > SEASON_FLOOR);
  const tRef = usable.length > 0 ? usable[usable.length - 1].t : 0;
  let w = 1;
  let sw = 0;
  let sx = 0;
  let sy = 0;
  const weights: number[] = [];
  for (let i = usable.length - 1; i >= 0; i--) {
    const gap = i === usable.length - 1 ? 0 : usable[i + 1].t - usable[i].t;
    for (let g = 0; g < gap; g++) w *= options.monthlyDecay;
    weights[i] = w;
  }
  for (let i = 0; i < usable.length; i++) {
    const x = usable[i].t - tRef;
    const y = usable[i].value / season[calendarMonth(usable[i].t)];
    sw += weights[i];
    sx += weights[i] * x;
    sy += weights[i] * y;
  }
  if (sw === 0) return { a: 0, b: 0, tRef };
  const mx = sx / sw;
  const my = sy / sw;
  if (options.maxMonthlySlope === 0) return { a: my, b: 0, tRef };
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < usable.length; i++) {
    const x = usable[i].t - tRef - mx;
    const y = usable[i].value / season[calendarMonth(usable[i].t)] - my;
    sxx += weights[i] * x * x;
    sxy += weights[i] * x * y;
  }
  let b = sxx > 0 ? sxy / sxx : 0;
  // The cap is relative to the mean level: a few noisy months cannot make a steep line.
  const cap = options.maxMonthlySlope * Math.abs(my);
  if (b > cap) b = cap;
  if (b < -cap) b = -cap;
  return { a: my - b * mx, b, tRef };
}

function averageOverYears(
  years: readonly (readonly [number, SeriesPoint[]])[],
  ratio: (p: SeriesPoint, points: readonly SeriesPoint[]) => number | null,
): number[] | null {
  const sums = new Array<number>(12).fill(0);
  const counts = new Array<number>(12).fill(0);
  for (const [, points] of years) {
    for (const p of points) {
      const r = ratio(p, points);
      if (r === null || !Number.isFinite(r)) continue;
      sums[calendarMonth(p.t)] += r;
      counts[calendarMonth(p.t)]++;
    }
  }
  if (counts.some((c) => c === 0)) return null;
  return sums.map((s, m) => s / counts[m]);
}

function normalise(season: number[] | null): number[] | null {
  if (season === null) return null;
  const mean = season.reduce((sum, s) => sum + s, 0) / 12;
  return mean > 0 ? season.map((s) => s / mean) : null;
}

/** Months whose factor is below this (nothing happens then, e.g. a quarterly payment's other months) do not inform the level. */
const SEASON_FLOOR = 0.05;
