import { PLACEMENT_STREAMS, type PlacementStream } from '@ramprognos/generator';
import { Rng } from '../libs/generator/src/core/rng';
import { option } from './cli';

/*
 * How close to the run rate must even a perfect forecaster stay on a placements key whose level is
 * flat? Simulates each of the generator's placement streams at Malmö scale without trend or season
 * (Poisson starts at level ÷ mean stay a day, log-normal stays with the stream's mean and sigma, in
 * steady state) and forecasts the full year as of 31 August with everything the process holds: the
 * true start rate and stay distribution, and each running placement's age (its expected days left
 * given how long it has lasted). Against the outcome it prints the mean absolute error of that
 * forecast ÷ that of the run rate (so far × 12 ÷ 8), in care days at one price. What is left is the
 * chance of which placements start and how long they stay — no method does better on average.
 *   npx tsc -p bench/backtest-tune.tsconfig.json && node -r ./tools/register-dist.js dist/bench/backtest-floor.js [--trials 2000]
 */

const AS_OF = 243; // days 0..242 are 1 January..31 August; 243..364 the rest of the year
const YEAR = 365;

/** Standard normal distribution function (Abramowitz–Stegun 7.1.26, error < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** A log-normal stay of this mean and sigma: P(stay > x), and E[min(stay, x)] = ∫₀ˣ P(stay > u) du. */
export function stayDistribution(
  meanDays: number,
  sigma: number,
  horizon: number,
): { survival: (x: number) => number; daysWithin: (x: number) => number } {
  const mu = Math.log(meanDays) - (sigma * sigma) / 2;
  const survival = (x: number): number => (x <= 0 ? 1 : 1 - normalCdf((Math.log(x) - mu) / sigma));
  // The trapezoid rule on a grid fine enough for the shortest stays (härbärge: 4 days).
  const step = Math.min(1, meanDays / 200);
  const n = Math.ceil(horizon / step) + 1;
  const cum = new Float64Array(n + 1);
  for (let i = 1; i <= n; i++)
    cum[i] = cum[i - 1] + ((survival((i - 1) * step) + survival(i * step)) / 2) * step;
  const daysWithin = (x: number): number => {
    const i = Math.min(n - 1, Math.floor(x / step));
    return cum[i] + (cum[i + 1] - cum[i]) * (x / step - i);
  };
  return { survival, daysWithin };
}

export interface FloorResult {
  /** Mean absolute error in care days: the perfect forecaster's and the run rate's. */
  readonly perfect: number;
  readonly runRate: number;
  /** Mean signed error of the perfect forecaster (≈ 0: it is the conditional expectation). */
  readonly perfectBias: number;
}

/** `trials` simulated years of a stream with its level held flat, forecast as of 31 August. */
export function simulateFlatStream(stream: PlacementStream, trials: number): FloorResult {
  const rng = new Rng(`floor/${stream.type}/${stream.group}`);
  const perDay = stream.level / stream.meanDays;
  const burnIn = Math.ceil(stream.meanDays * 12);
  const { survival, daysWithin } = stayDistribution(stream.meanDays, stream.sigma, burnIn + YEAR);
  const rest = YEAR - AS_OF;
  // A start at asOf + u (u in [0, rest)) has rest − u days left in the year: ∫ daysWithin(rest − u) du.
  let expectedNew = 0;
  for (let i = 0; i < rest * 10; i++) expectedNew += (perDay / 10) * daysWithin(rest - (i + 0.5) / 10);
  let perfect = 0;
  let runRate = 0;
  let bias = 0;
  for (let trial = 0; trial < trials; trial++) {
    const starts = rng.poisson(perDay * (burnIn + YEAR));
    let soFar = 0;
    let after = 0;
    let expectedRunning = 0;
    for (let k = 0; k < starts; k++) {
      const start = rng.uniform(-burnIn, YEAR);
      const end = start + rng.lognormalMean(stream.meanDays, stream.sigma);
      soFar += Math.max(0, Math.min(end, AS_OF) - Math.max(start, 0));
      after += Math.max(0, Math.min(end, YEAR) - Math.max(start, AS_OF));
      if (start < AS_OF && end > AS_OF) {
        // E[min(stay − age, rest) | stay > age] = (daysWithin(age + rest) − daysWithin(age)) ÷ P(stay > age)
        const age = AS_OF - start;
        const alive = survival(age);
        expectedRunning += alive > 1e-12 ? (daysWithin(age + rest) - daysWithin(age)) / alive : rest;
      }
    }
    const error = expectedRunning + expectedNew - after;
    perfect += Math.abs(error);
    bias += error;
    runRate += Math.abs((soFar * 12) / 8 - (soFar + after));
  }
  return { perfect: perfect / trials, runRate: runRate / trials, perfectBias: bias / trials };
}

function main(): void {
  const trials = Number(option('trials', '2000'));
  const rows: string[] = [];
  let sumPerfect = 0;
  let sumRunRate = 0;
  process.stdout.write('stream                               level  mean stay   perfect ÷ run rate\n');
  for (const stream of PLACEMENT_STREAMS) {
    const result = simulateFlatStream(stream, trials);
    const price = (stream.rate[0] + stream.rate[1]) / 2;
    sumPerfect += result.perfect * price;
    sumRunRate += result.runRate * price;
    const name = `${stream.type} ${stream.group}`.padEnd(36);
    rows.push(
      `${name} ${String(stream.level).padStart(5)} ${String(stream.meanDays).padStart(10)}   ${(result.perfect / result.runRate).toFixed(2).padStart(18)}`,
    );
  }
  process.stdout.write(
    `${rows.join('\n')}\nΣ over the streams at their mean rate: ${(sumPerfect / sumRunRate).toFixed(3)}\n`,
  );
}

if (require.main === module) main();
