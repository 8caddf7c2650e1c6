import { PLACEMENT_STREAMS } from '@ramprognos/generator';
import { normalCdf, simulateFlatStream, stayDistribution } from './backtest-floor';

describe('the floor of a perfect forecaster on a flat stream', () => {
  it('reads the normal distribution function to its published values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });

  it('integrates a log-normal stay to its mean, and its survival halves at the median', () => {
    for (const [meanDays, sigma] of [
      [4, 0.9],
      [90, 0.6],
      [900, 0.8],
    ]) {
      const { survival, daysWithin } = stayDistribution(meanDays, sigma, meanDays * 60);
      expect(daysWithin(meanDays * 60) / meanDays).toBeCloseTo(1, 3);
      const median = meanDays / Math.exp((sigma * sigma) / 2);
      expect(survival(median)).toBeCloseTo(0.5, 6);
      // E[min(stay, x)] ≤ x, and equals x only at the start.
      expect(daysWithin(median)).toBeLessThan(median);
    }
  });

  it('forecasts without bias and beats the run rate, but not by half, on HVB vuxna', () => {
    const stream = PLACEMENT_STREAMS.find((s) => s.type === 'HVB' && s.group === 'VUXEN');
    if (stream === undefined) throw new Error('the generator has no HVB vuxna stream');
    const result = simulateFlatStream(stream, 400);
    expect(Math.abs(result.perfectBias)).toBeLessThan(result.perfect * 0.2);
    expect(result.perfect / result.runRate).toBeGreaterThan(0.55);
    expect(result.perfect / result.runRate).toBeLessThan(0.85);
  });
});
