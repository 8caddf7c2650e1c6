import { validateEvents, type PublishedEvent } from '@ramprognos/contracts';
import { loadExampleFixtures } from '@ramprognos/testing';
import { buildForecastInput } from '../input/build-forecast-input';
import { InMemoryFacts } from '../input/in-memory-facts';
import { toForecastResponse } from '../querying-forecast/forecast-response';
import { forecastYear, fullYearVolume } from './forecast-engine';
import type { ForecastInput } from './forecast-input';

const fixtures = loadExampleFixtures();
const validated = validateEvents(fixtures.events, { form: 'inbound' });
if (!validated.ok) throw new Error('example events invalid');
const facts = InMemoryFacts.fromEvents(validated.events.filter((e) => !e.type.startsWith('se.socialtjanst.case.')) as PublishedEvent[]);

/** A deterministic shuffle (no Math.random: the test must give the same verdict every run). */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  let seed = 12345;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('forecast engine on the example data', () => {
  let input: ForecastInput;
  beforeAll(async () => {
    input = await buildForecastInput(facts, { year: 2023, asOf: '2023-08-31', knownAt: '2023-09-07T23:59:59.999Z' });
  });

  it('gives byte-identical forecasts for the same input, whatever the order of its parts', () => {
    const first = JSON.stringify(toForecastResponse(forecastYear(input)));
    expect(JSON.stringify(toForecastResponse(forecastYear(input)))).toBe(first);
    const reordered: ForecastInput = {
      ...input,
      keys: shuffled(input.keys).map((k) => ({ ...k, years: shuffled(k.years) })),
      placements: shuffled(input.placements).map((p) => ({ ...p, rateChanges: shuffled(p.rateChanges) })),
    };
    expect(JSON.stringify(toForecastResponse(forecastYear(reordered)))).toBe(first);
  });

  it('gives every key a method, a band around its forecast and the run rate beside it; totals are the sums', () => {
    const forecast = forecastYear(input);
    expect(forecast.keys.length).toBeGreaterThan(20);
    for (const k of forecast.keys) {
      expect(k.low <= k.forecastFullYear && k.forecastFullYear <= k.high).toBe(true);
      expect(k.method).toMatch(/^(placements|payments|ledger)\.|^run-rate$/);
      if (k.key.startsWith('placements|')) expect(k.volume?.unit).toBe('VARDDYGN');
      if (k.key.startsWith('payments|category=')) expect(k.volume?.unit).toBe('HUSHALLSMANADER');
      if (k.key.startsWith('ledger|')) expect(k.volume).toBeNull();
    }
    expect(forecast.total.forecastFullYear).toBe(forecast.keys.reduce((s, k) => s + k.forecastFullYear, 0n));
    expect(forecast.total.runRate).toBe(forecast.keys.reduce((s, k) => s + k.baseline.runRate, 0n));
    expect(forecast.byStream.placements.actualYtd + forecast.byStream.payments.actualYtd + forecast.byStream.ledger.actualYtd).toBe(
      forecast.total.actualYtd,
    );
    // with two earlier years, the method is back-tested on 2022 as of 31 August 2022
    expect(forecast.keys.filter((k) => k.band.basis === 'back-test').length).toBeGreaterThan(10);
  });

  it('is the outcome itself at 31 December with everything known', async () => {
    const yearEnd = await buildForecastInput(facts, { year: 2022, asOf: '2022-12-31', knownAt: '9999-12-31T23:59:59.999Z' });
    for (const k of forecastYear(yearEnd).keys) expect({ key: k.key, forecast: k.forecastFullYear }).toEqual({ key: k.key, forecast: k.actualYtd });
  });

  it('refuses an asOf outside its year', () => {
    expect(() => forecastYear({ ...input, asOf: '2024-01-31' })).toThrow(RangeError);
  });
});

describe('full-year volume', () => {
  it('adds the rest of the year and the expected late volume', () => {
    expect(fullYearVolume(100, 250.4, 10.2)).toBe(361);
    expect(fullYearVolume(100, 250, -30)).toBe(320);
  });

  it('lets late events take away at most the volume known so far (early January), so it is never negative', () => {
    // 3 care days known on 2 January; last year's late corrections, scaled, say −40
    expect(fullYearVolume(3, 0, -40)).toBe(0);
    expect(fullYearVolume(3, 12, -40)).toBe(12);
  });
});
