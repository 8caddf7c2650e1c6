import {
  runBackTest,
  type BackTestMonth,
  type BackTestResult,
  type ErrorPair,
} from '../services/forecast/src/forecasting/back-test/back-test';
import {
  ENGINE_PARAMETERS,
  type EngineParameters,
} from '../services/forecast/src/forecasting/engine/parameters';
import type { BandParameters } from '../services/forecast/src/forecasting/methods/band';
import type { LedgerParameters } from '../services/forecast/src/forecasting/methods/ledger';
import type { PlacementParameters } from '../services/forecast/src/forecasting/methods/placements';
import type { SeasonalTrendOptions } from '../services/forecast/src/forecasting/methods/seasonal-trend';
import { InMemoryFacts } from '../services/forecast/src/forecasting/input/in-memory-facts';
import { cachedRows } from './backtest-cache';
import { option } from './cli';

/*
 * Tuning aid for the engine's parameters (ENGINE_PARAMETERS): back-tests variants of them on
 * several generated data sets and prints one line of scores per variant — MAPE at asOf August and
 * averaged over January–November, engine ÷ run rate. The projection rows of each data set are
 * cached under .run/backtest-cache, so a variant costs seconds, not a regeneration.
 *   npx tsc -p bench/backtest-tune.tsconfig.json && node -r ./tools/register-dist.js dist/bench/backtest-tune.js --scale malmo --seeds 1,2,3,4 [--variants name,…]
 */

type Variant = { readonly name: string; readonly parameters: EngineParameters };

const P = ENGINE_PARAMETERS;
const placements = (patch: Partial<PlacementParameters>): EngineParameters => ({
  ...P,
  placements: { ...P.placements, ...patch },
});
const inflow = (patch: Partial<SeasonalTrendOptions>): EngineParameters =>
  placements({ inflow: { ...P.placements.inflow, ...patch } });
const series = (
  name: 'households' | 'costPerHousehold' | 'amount',
  patch: Partial<SeasonalTrendOptions>,
): EngineParameters => ({
  ...P,
  series: { ...P.series, [name]: { ...P.series[name], ...patch } },
});
const ledger = (patch: Partial<LedgerParameters>): EngineParameters => ({
  ...P,
  ledger: { ...P.ledger, ...patch },
});
const band = (patch: Partial<BandParameters>): EngineParameters => ({ ...P, band: { ...P.band, ...patch } });

const VARIANTS: Variant[] = [
  { name: 'current', parameters: P },
  { name: 'no-price-trend', parameters: placements({ priceTrendCap: 1 }) },
  { name: 'trend-min-10', parameters: placements({ inflowTrendMinMonthlyStarts: 10 }) },
  { name: 'trend-min-5', parameters: placements({ inflowTrendMinMonthlyStarts: 5 }) },
  { name: 'inflow-slope-2pct', parameters: inflow({ maxMonthlySlope: 0.02 }) },
  {
    name: 'inflow-no-trend',
    parameters: placements({ inflowTrendMinMonthlyStarts: Number.POSITIVE_INFINITY }),
  },
  { name: 'inflow-slope-1pct', parameters: inflow({ maxMonthlySlope: 0.01 }) },
  { name: 'inflow-decay-0.95', parameters: inflow({ monthlyDecay: 0.95 }) },
  { name: 'inflow-decay-1', parameters: inflow({ monthlyDecay: 1 }) },
  { name: 'share-365', parameters: placements({ shareWindowDays: 365 }) },
  { name: 'share-shrink-0', parameters: placements({ shareShrinkStarts: 0 }) },
  { name: 'share-shrink-20', parameters: placements({ shareShrinkStarts: 20 }) },
  { name: 'share-shrink-120', parameters: placements({ shareShrinkStarts: 120 }) },
  { name: 'share-shrink-240', parameters: placements({ shareShrinkStarts: 240 }) },
  { name: 'rate-window-730', parameters: placements({ rateWindowDays: 730 }) },
  { name: 'season-shrink-0', parameters: inflow({ seasonShrink: 0 }) },
  { name: 'season-shrink-2', parameters: inflow({ seasonShrink: 2 }) },
  { name: 'season-shrink-4', parameters: inflow({ seasonShrink: 4 }) },
  { name: 'season-shrink-25', parameters: inflow({ seasonShrink: 25 }) },
  { name: 'no-registration-lag', parameters: placements({ registrationHorizonDays: 0 }) },
  { name: 'min-ended-10', parameters: placements({ minEndedStays: 10 }) },
  { name: 'min-ended-100', parameters: placements({ minEndedStays: 100 }) },
  { name: 'rate-window-182', parameters: placements({ rateWindowDays: 182 }) },
  { name: 'households-trend', parameters: series('households', { level: 'trend' }) },
  { name: 'households-this-year-min3', parameters: series('households', { thisYearMinMonths: 3 }) },
  { name: 'cost-trend', parameters: series('costPerHousehold', { level: 'trend' }) },
  { name: 'amount-this-year', parameters: series('amount', { level: 'this-year' }) },
  { name: 'ledger-2-years', parameters: ledger({ patternYears: 2 }) },
  { name: 'cost-this-year-min1', parameters: series('costPerHousehold', { thisYearMinMonths: 1 }) },
  { name: 'band-x1', parameters: band({ errorMultiplier: 1 }) },
  { name: 'band-x1.5', parameters: band({ errorMultiplier: 1.5 }) },
  { name: 'ledger-closing-0', parameters: ledger({ closingDays: 0 }) },
];

async function main(): Promise<void> {
  const scale = option('scale', 'malmo');
  const seeds = option('seeds', '1,2,3,4').split(',');
  const year = Number(option('year', '2023'));
  const lag = Number(option('lag', '7'));
  const wanted = option('variants', VARIANTS.map((v) => v.name).join(',')).split(',');
  const facts = seeds.map((seed) => new InMemoryFacts(cachedRows(scale, seed, [year - 2, year - 1, year])));
  const columns: [string, (m: BackTestMonth) => ErrorPair][] = [
    ['total', (m) => m.total],
    ['placements', (m) => m.placements],
    ['placementKeys', (m) => m.placementKeys],
    ['placementKeysMean', (m) => m.placementKeysMean],
    ['payments', (m) => m.payments],
    ['ledger', (m) => m.ledger],
  ];
  process.stdout.write(
    `variant`.padEnd(24) + columns.map(([c]) => `${c} Aug | Jan–Nov`.padStart(30)).join('') + '   band hit\n',
  );
  for (const variant of VARIANTS.filter((v) => wanted.includes(v.name))) {
    const results: BackTestResult[] = [];
    for (const f of facts)
      results.push(await runBackTest(f, { year, knownAtLagDays: lag, parameters: variant.parameters }));
    const cells = columns.map(([, pick]) => {
      const mean = (months: number[], side: keyof ErrorPair) =>
        results.reduce(
          (s, r) => s + months.reduce((t, i) => t + pick(r.months[i])[side], 0) / months.length,
          0,
        ) / results.length;
      const aug = [7];
      const all = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
      return `${mean(aug, 'engine').toFixed(2)}/${mean(aug, 'runRate').toFixed(2)} | ${mean(all, 'engine').toFixed(2)}/${mean(all, 'runRate').toFixed(2)}`.padStart(
        30,
      );
    });
    const hit =
      results.reduce((s, r) => s + r.months.slice(0, 11).reduce((t, m) => t + m.bandHitRate, 0) / 11, 0) /
      results.length;
    process.stdout.write(variant.name.padEnd(24) + cells.join('') + `   ${(100 * hit).toFixed(0)} %\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
