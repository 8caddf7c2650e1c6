import * as fc from 'fast-check';
import { chartSeries as serverChartSeries } from '../rounds/exporting-round/chart-series';
import { tkr as serverTkr } from '../rounds/exporting-round/swedish-format';

// The page formats figures in the browser; the PDF on the server. Both must print the same tkr.
const page = require('./static/format.js') as {
  tkr(ore: number | null): string;
  kr(ore: number): string;
  chartSeries: typeof serverChartSeries;
};

describe("the page's Swedish figures", () => {
  it('groups by three with a no-break space and uses a true minus sign', () => {
    expect(page.tkr(165_459_700_000)).toBe('1\u00a0654\u00a0597');
    expect(page.tkr(-1_590_000_000)).toBe('\u221215\u00a0900');
    expect(page.tkr(49_999)).toBe('0');
    expect(page.tkr(50_000)).toBe('1');
    expect(page.tkr(-50_000)).toBe('\u22121');
    expect(page.tkr(-49_999)).toBe('0');
    expect(page.tkr(null)).toBe('');
    expect(page.kr(341_250)).toBe('3\u00a0413\u00a0kr');
  });

  it('prints exactly what the server prints (tkr rounded per cell, halves away from zero)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (ore) => {
        expect(page.tkr(ore)).toBe(serverTkr(ore));
      }),
      { numRuns: 2000 },
    );
  });

  it('draws the same cumulative chart as the PDF', () => {
    const input = {
      budget: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10].map((v) => v * 100_000),
      actual: [9, 11, 10, 12, 8, 10, 10, 9, null, null, null, null].map((v) => (v === null ? null : v * 100_000)),
      forecastFullYear: 12_500_000,
      forecastLow: 11_500_000,
      forecastHigh: 13_500_000,
    };
    const s = page.chartSeries(input);
    expect(s).toEqual(serverChartSeries(input));
    expect(s.actual[7]).toBe(7_900_000);
    expect(s.forecast.slice(0, 7)).toEqual([null, null, null, null, null, null, null]);
    expect(s.forecast[7]).toBe(7_900_000);
    expect(s.forecast[11]).toBeCloseTo(12_500_000, 6);
    expect(s.low[11]).toBeCloseTo(11_500_000, 6);
    expect(s.budget[11]).toBe(12_000_000);
  });
});
