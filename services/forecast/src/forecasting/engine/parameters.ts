import type { BandParameters } from '../methods/band';
import type { LedgerParameters } from '../methods/ledger';
import type { SeriesParameters } from '../methods/payments';
import type { PlacementParameters } from '../methods/placements';

export interface EngineParameters {
  readonly placements: PlacementParameters;
  readonly series: SeriesParameters;
  readonly ledger: LedgerParameters;
  readonly band: BandParameters;
}

/**
 * The engine's settings, chosen with the back-test (`npm run backtest`, forecasting/README.md):
 * each is the value that did best on generated data with trend, seasonality and late events,
 * among values a controller would find reasonable — not fitted to the last decimal.
 */
export const ENGINE_PARAMETERS: EngineParameters = {
  placements: {
    minEndedStays: 30,
    minAtRisk: 10,
    inflowWindowDays: 365,
    inflow: { level: 'trend', monthlyDecay: 0.9, maxMonthlySlope: 0.03, iterations: 3, seasonShrink: 10 },
    inflowTrendMinMonthlyStarts: 20,
    shareWindowDays: 182,
    shareShrinkStarts: 60,
    rateWindowDays: 365,
    priceTrendCap: 1.1,
    registrationHorizonDays: 60,
  },
  series: {
    households: { level: 'this-year', monthlyDecay: 0.95, maxMonthlySlope: 0.03, iterations: 3 },
    costPerHousehold: { level: 'this-year', thisYearMinMonths: 3, monthlyDecay: 0.95, maxMonthlySlope: 0.03, iterations: 3 },
    amount: { level: 'trend', monthlyDecay: 0.95, maxMonthlySlope: 0.03, iterations: 3 },
    recentMonths: 3,
  },
  ledger: { patternYears: 1, maxRatio: 4, closingDays: 10 },
  band: {
    backTestYears: 2,
    errorMultiplier: 2,
    floorShareOfRemaining: 0.03,
    defaultShareOfRemaining: { placements: 0.15, payments: 0.1, ledger: 0.1, 'run-rate': 0.25 },
  },
};
