import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { validateEvents, type PublishedEvent } from '@ramprognos/contracts';
import { generateMunicipality, type Scale } from '@ramprognos/generator';
import {
  formatBackTestTable,
  meanOverRuns,
  runBackTest,
  type BackTestResult,
} from '../services/forecast/src/forecasting/back-test/back-test';
import { InMemoryFacts } from '../services/forecast/src/forecasting/input/in-memory-facts';
import { option } from './cli';

/*
 * `npm run backtest [-- --scale malmo --seeds 1,2,3 --year 2023 --lag 7 --out bench-results/backtest.json]`
 * Generates a municipality (three years, 2021–2023 by default), validates its events as intake
 * would, builds the projections' facts in memory and back-tests the forecast engine on the last
 * year: MAPE by month of asOf, engine vs run rate, in total, per stream and over placement keys.
 */

async function main(): Promise<void> {
  const scaleText = option('scale', 'malmo');
  const scale: Scale = /^[0-9.]+$/.test(scaleText) ? Number(scaleText) : (scaleText as Scale);
  const seeds = option('seeds', '1').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const year = Number(option('year', '2023'));
  const lag = Number(option('lag', '7'));
  const out = option('out', join(process.cwd(), 'bench-results', 'backtest.json'));
  const years = [year - 2, year - 1, year];

  const runs: (BackTestResult & { seed: string; events: number; seconds: { generate: number; backTest: number } })[] = [];
  for (const seed of seeds) {
    const t0 = Date.now();
    const { events } = generateMunicipality({ seed, scale, years });
    const validated = validateEvents(events, { form: 'inbound' });
    if (!validated.ok) throw new Error(`generated events are invalid: ${JSON.stringify(validated.errors.slice(0, 3))}`);
    // Case events carry no cost; every other type is the same in its inbound and published form.
    const published = validated.events.filter((e) => !e.type.startsWith('se.socialtjanst.case.')) as PublishedEvent[];
    const facts = InMemoryFacts.fromEvents(published);
    const t1 = Date.now();
    const result = await runBackTest(facts, { year, knownAtLagDays: lag });
    const t2 = Date.now();
    runs.push({ ...result, seed, events: events.length, seconds: { generate: (t1 - t0) / 1000, backTest: (t2 - t1) / 1000 } });
    process.stdout.write(
      formatBackTestTable(result.months, `Back-test ${year}, scale ${scaleText}, seed ${seed}: ${events.length} events, knownAt = asOf + ${lag} days (APE %, engine | run rate)`) +
        `\n\n(${((t1 - t0) / 1000).toFixed(1)} s to generate and load, ${((t2 - t1) / 1000).toFixed(1)} s to back-test)\n\n`,
    );
  }
  const mean = meanOverRuns(runs);
  if (runs.length > 1) process.stdout.write(formatBackTestTable(mean, `Mean over seeds ${seeds.join(', ')} (MAPE %, engine | run rate)`) + '\n');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ scale: scaleText, year, knownAtLagDays: lag, seeds, mean, runs }, null, 1) + '\n');
  process.stdout.write(`\nwritten: ${out}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[backtest] ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
