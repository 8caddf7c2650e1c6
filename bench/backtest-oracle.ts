import { daysInMonth, fromEpochDay, toEpochDay } from '@ramprognos/calendar';
import { parseClassificationKeyId } from '@ramprognos/contracts';
import {
  PLACEMENT_STREAMS,
  egenShareOn,
  expectedArrivals,
  resolveScale,
  type Scale,
} from '@ramprognos/generator';
import { forecastYear } from '../services/forecast/src/forecasting/engine/forecast-engine';
import { buildForecastInput } from '../services/forecast/src/forecasting/input/build-forecast-input';
import { InMemoryFacts } from '../services/forecast/src/forecasting/input/in-memory-facts';
import { cachedRows } from './backtest-cache';
import { option } from './cli';

/*
 * How much of the placement keys' back-test error is chance? Runs the engine as of one month end
 * (knownAt = asOf + 7 days) and puts the generator's true expected starts of each key after asOf
 * in place of the engine's estimated ones (its new placements' cost scaled by true ÷ estimated;
 * durations, prices and the running placements as the engine has them). The error left is what the
 * placements that happen to start, and how long they and the running ones stay, make — no estimate
 * of the inflow does better. Prints Σ|forecast − outcome| over the placement keys per data set, and
 * per stream (type and target group) Σ over the data sets ÷ the run rate's — to set beside the
 * floor of a perfect forecaster on a flat stream (backtest-floor.ts).
 *   npx tsc -p bench/backtest-tune.tsconfig.json && node -r ./tools/register-dist.js dist/bench/backtest-oracle.js --scale malmo --seeds 1,2,3,4 [--month 8]
 */

/** The generator's expected starts of a placements key from the day after asOf to 31 December. */
function trueStartsAfter(key: string, asOf: string, scale: number): number {
  const { fields } = parseClassificationKeyId(key);
  const stream = PLACEMENT_STREAMS.find(
    (s) => s.type === fields.placementType && s.group === fields.targetGroup,
  );
  if (stream === undefined) return 0;
  const year = Number(asOf.slice(0, 4));
  let starts = 0;
  for (let month = Number(asOf.slice(5, 7)) + 1; month <= 12; month++) {
    const first = toEpochDay(`${year}-${String(month).padStart(2, '0')}-01`);
    const share = egenShareOn(stream, first);
    starts +=
      expectedArrivals(stream, first, first + daysInMonth(year, month), scale) *
      (fields.regi === 'EGEN' ? share : 1 - share);
  }
  return starts;
}

async function main(): Promise<void> {
  const scale = option('scale', 'malmo');
  const seeds = option('seeds', '1,2,3,4').split(',');
  const year = Number(option('year', '2023'));
  const month = Number(option('month', '8'));
  const asOf = `${year}-${String(month).padStart(2, '0')}-${daysInMonth(year, month)}`;
  const knownAt = `${fromEpochDay(toEpochDay(asOf) + 7)}T23:59:59.999Z`;
  const numericScale = resolveScale(/^[0-9.]+$/.test(scale) ? Number(scale) : (scale as Scale));
  const sums = { engine: 0, oracle: 0, runRate: 0 };
  const byStream = new Map<string, { engine: number; oracle: number; runRate: number }>();
  process.stdout.write(
    `asOf ${asOf}, knownAt ${knownAt}: Σ|error| of the placement keys, and |Σ error| (the placements summed), Mkr\nseed   engine   true inflow   run rate      summed: engine   run rate\n`,
  );
  for (const seed of seeds) {
    const facts = new InMemoryFacts(cachedRows(scale, seed, [year - 2, year - 1, year]));
    const forecast = forecastYear(await buildForecastInput(facts, { year, asOf, knownAt }));
    const outcome = await facts.actuals({ year, asOf: `${year}-12-31`, knownAt: '9999-12-31T23:59:59.999Z' });
    const row = { engine: 0, oracle: 0, runRate: 0 };
    const summed = { engine: 0, runRate: 0 };
    for (const k of forecast.keys) {
      if (k.explanation.kind !== 'placements') continue;
      let out = 0;
      for (const m of outcome.get(k.key)?.values() ?? []) out += Number(m.amountOre);
      const error = Number(k.forecastFullYear) - out;
      const inflow = k.explanation.parts.newPlacements;
      const trueStarts = trueStartsAfter(k.key, asOf, numericScale);
      const correction =
        inflow.expectedStarts > 0 ? inflow.expectedCostOre * (trueStarts / inflow.expectedStarts - 1) : 0;
      summed.engine += error;
      summed.runRate += Number(k.baseline.runRate) - out;
      const { fields } = parseClassificationKeyId(k.key);
      const streamName = `${fields.placementType} ${fields.targetGroup}`;
      const stream = byStream.get(streamName) ?? { engine: 0, oracle: 0, runRate: 0 };
      byStream.set(streamName, stream);
      for (const sum of [row, stream]) {
        sum.engine += Math.abs(error);
        sum.oracle += Math.abs(error + correction);
        sum.runRate += Math.abs(Number(k.baseline.runRate) - out);
      }
    }
    const mkr = (ore: number) => (ore / 1e8).toFixed(1).padStart(9);
    process.stdout.write(
      `${seed.padEnd(4)} ${mkr(row.engine)} ${mkr(row.oracle)}    ${mkr(row.runRate)}      ${mkr(Math.abs(summed.engine))} ${mkr(Math.abs(summed.runRate))}\n`,
    );
    sums.engine += row.engine;
    sums.oracle += row.oracle;
    sums.runRate += row.runRate;
  }
  process.stdout.write(
    '\nper stream (its keys: egen, extern), Σ over the data sets ÷ run rate\nstream                               engine   true inflow\n',
  );
  for (const [name, sum] of [...byStream.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    process.stdout.write(
      `${name.padEnd(36)} ${(sum.engine / sum.runRate).toFixed(2).padStart(6)} ${(sum.oracle / sum.runRate).toFixed(2).padStart(13)}\n`,
    );
  }
  process.stdout.write(
    `÷ run rate: engine ${(sums.engine / sums.runRate).toFixed(3)}, with the true inflow ${(sums.oracle / sums.runRate).toFixed(3)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
