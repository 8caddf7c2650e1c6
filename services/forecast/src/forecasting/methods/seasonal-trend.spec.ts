import { fitSeasonalTrend, type SeasonalTrendOptions, type SeriesPoint } from './seasonal-trend';

const SEASON = [1.0, 1.0, 1.01, 1.0, 0.99, 1.0, 1.02, 1.02, 0.97, 0.96, 0.97, 1.06];
const mean = SEASON.reduce((s, x) => s + x, 0) / 12;
const season = SEASON.map((s) => s / mean);
const T0 = 2021 * 12;
const TREND: SeasonalTrendOptions = { level: 'trend', monthlyDecay: 1, maxMonthlySlope: 1, iterations: 20 };

function series(from: number, to: number, level: (t: number) => number): SeriesPoint[] {
  return Array.from({ length: to - from }, (_, i) => ({ t: from + i, value: level(from + i) * season[(from + i) % 12] }));
}

describe('seasonal profile × level', () => {
  it('recovers a linear trend and the season of the earlier years exactly', () => {
    const level = (t: number) => 8000 - 60 * (t - T0);
    const fit = fitSeasonalTrend(series(T0, T0 + 24, level), series(T0 + 24, T0 + 32, level), TREND);
    expect(fit).not.toBeNull();
    for (let t = T0 + 32; t < T0 + 36; t++) expect(fit?.predict(t)).toBeCloseTo(level(t) * season[t % 12], 6);
    fit?.season.forEach((s, m) => expect(s).toBeCloseTo(season[m], 9));
  });

  it('keeps this year’s own level when prices change once a year', () => {
    const level = (t: number) => [100, 103, 110][Math.floor((t - T0) / 12)];
    const options: SeasonalTrendOptions = { ...TREND, level: 'this-year' };
    const fit = fitSeasonalTrend(series(T0, T0 + 24, level), series(T0 + 24, T0 + 30, level), options);
    for (let t = T0 + 30; t < T0 + 36; t++) expect(fit?.predict(t)).toBeCloseTo(110 * season[t % 12], 9);
    // a trend through the steps would carry on past 110
    const trend = fitSeasonalTrend(series(T0, T0 + 24, level), series(T0 + 24, T0 + 30, level), TREND);
    expect(trend?.predict(T0 + 35)).toBeGreaterThan(111);
  });

  it('weighs recent months more with a decay, and caps the slope', () => {
    const level = (t: number) => (t < T0 + 24 ? 100 : 150);
    const flat = fitSeasonalTrend(series(T0, T0 + 24, level), series(T0 + 24, T0 + 30, level), { ...TREND, maxMonthlySlope: 0 });
    const recent = fitSeasonalTrend(series(T0, T0 + 24, level), series(T0 + 24, T0 + 30, level), { ...TREND, maxMonthlySlope: 0, monthlyDecay: 0.5 });
    expect(recent?.level(T0 + 31) ?? 0).toBeGreaterThan(flat?.level(T0 + 31) ?? 0);
    expect(recent?.level(T0 + 31)).toBeGreaterThan(149); // 150 − 50 × 0.5⁶ / (1 − 0.5³⁰)…
    const capped = fitSeasonalTrend(series(T0, T0 + 24, level), series(T0 + 24, T0 + 30, level), { ...TREND, maxMonthlySlope: 0.001 });
    const slope = (capped?.level(T0 + 31) ?? 0) - (capped?.level(T0 + 30) ?? 0);
    expect(slope).toBeCloseTo(0.001 * ((24 * 100 + 6 * 150) / 30), 3); // capped at 0.1 % of the mean level a month
  });

  it('pulls the season of a small count towards none', () => {
    const level = () => 2;
    const fit = fitSeasonalTrend(series(T0, T0 + 24, level), [], { ...TREND, seasonShrink: 2 });
    // mean 2, shrink 2: about half the seasonal deviation is kept (the level is refitted through the shrunk season)
    fit?.season.forEach((s, m) => expect(s).toBeCloseTo(1 + (season[m] - 1) / 2, 3));
  });

  it('reads the level of a small count through the shrunk season, so that noise read as season does not overstate it', () => {
    // Two earlier years alternating 1 and 3 starts (noise: factors 0.5 and 1.5), then a year of 2 a month.
    const history = Array.from({ length: 24 }, (_, i) => ({ t: T0 + i, value: i % 2 === 0 ? 1 : 3 }));
    const recent = Array.from({ length: 8 }, (_, i) => ({ t: T0 + 24 + i, value: 2 }));
    const options: SeasonalTrendOptions = { ...TREND, maxMonthlySlope: 0, monthlyDecay: 0.5 };
    const unshrunk = fitSeasonalTrend(history, recent, options);
    const shrunk = fitSeasonalTrend(history, recent, { ...options, seasonShrink: 2 });
    // this year's months read as 2 ÷ 0.5 and 2 ÷ 1.5 (4 and 1.33, the latest weighing most): 2.22, 11 % too high
    expect(unshrunk?.level(T0 + 31)).toBeGreaterThan(2.2);
    // through factors 0.75 and 1.25 (2.67 and 1.6): 1.96
    expect(Math.abs((shrunk?.level(T0 + 31) ?? 0) - 2)).toBeLessThan(0.05);
  });

  it('gives up without a complete earlier year or on negative values', () => {
    expect(fitSeasonalTrend(series(T0, T0 + 11, () => 100), [], TREND)).toBeNull();
    expect(fitSeasonalTrend([...series(T0, T0 + 12, () => 100).slice(1), { t: T0 + 11, value: -1 }], [], TREND)).toBeNull();
    expect(fitSeasonalTrend(series(T0, T0 + 12, () => 0), [], TREND)).toBeNull();
  });

  it('gives the same bits on every run', () => {
    const level = (t: number) => 8000 - 60 * (t - T0) + ((t * 7919) % 13);
    const a = fitSeasonalTrend(series(T0, T0 + 24, level), series(T0 + 24, T0 + 32, level), { ...TREND, monthlyDecay: 0.95, maxMonthlySlope: 0.03, iterations: 3 });
    const b = fitSeasonalTrend(series(T0, T0 + 24, level), series(T0 + 24, T0 + 32, level), { ...TREND, monthlyDecay: 0.95, maxMonthlySlope: 0.03, iterations: 3 });
    expect(Object.is(a?.predict(T0 + 35), b?.predict(T0 + 35))).toBe(true);
  });
});
