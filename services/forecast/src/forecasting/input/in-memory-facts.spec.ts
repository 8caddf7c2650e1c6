import { validateEvents, type PublishedEvent } from '@ramprognos/contracts';
import { loadExampleFixtures, referenceActualsByKey } from '@ramprognos/testing';
import { buildForecastInput } from './build-forecast-input';
import { InMemoryFacts } from './in-memory-facts';

// The back-test's facts in memory must answer exactly what the projections answer; the
// projections are held to the reference calculator (projections.int-spec.ts), so this holds the
// in-memory facts to it too, on the example data, for several (year, asOf, knownAt).

const fixtures = loadExampleFixtures();
const validated = validateEvents(fixtures.events, { form: 'inbound' });
if (!validated.ok) throw new Error('example events invalid');
const published = validated.events.filter((e) => !e.type.startsWith('se.socialtjanst.case.')) as PublishedEvent[];
const facts = InMemoryFacts.fromEvents(published);

const CASES = [
  { year: 2023, asOf: '2023-08-31', knownAt: null },
  { year: 2023, asOf: '2023-08-31', knownAt: '2023-09-01T00:00:00Z' },
  { year: 2023, asOf: '2023-04-30', knownAt: '2023-05-03T12:00:00Z' },
  { year: 2022, asOf: '2022-12-31', knownAt: null },
  { year: 2021, asOf: '2021-06-30', knownAt: '2021-07-15T00:00:00Z' },
] as const;

const ALL = '9999-12-31T23:59:59.999Z';

describe('in-memory facts = the reference calculator per key and month', () => {
  it.each(CASES)('%j', async (c) => {
    const q = { year: c.year, asOf: c.asOf, knownAt: c.knownAt ?? ALL };
    const reference = referenceActualsByKey({ events: fixtures.events, ...c });
    const actuals = await facts.actuals(q);
    const households = await facts.households(q);
    const monthOf = (i: number) => `${c.year}-${String(i + 1).padStart(2, '0')}`;
    let keys = 0;
    for (const [key, months] of reference) {
      if (!months.some((m) => m.amountOre !== 0n || m.volume !== 0)) continue;
      keys++;
      const got = actuals.get(key);
      const category = key.startsWith('payments|category=') ? key.slice('payments|category='.length) : null;
      months.forEach((m, i) => {
        const g = got?.get(monthOf(i));
        const volume = key.startsWith('placements|') ? (g?.careDays ?? 0) : category !== null ? (households.get(category)?.get(monthOf(i)) ?? 0) : 0;
        expect({ key, month: i + 1, amount: g?.amountOre ?? 0n, volume }).toEqual({ key, month: i + 1, amount: m.amountOre, volume: m.volume });
      });
    }
    expect(keys).toBeGreaterThan(10);
    for (const [key, months] of actuals) {
      if ([...months.values()].some((m) => m.amountOre !== 0n)) expect(reference.has(key)).toBe(true);
    }
  });

  it('builds the engine input with the complete earlier years and last year so far as known at the same lag', async () => {
    const input = await buildForecastInput(facts, { year: 2023, asOf: '2023-08-31', knownAt: '2023-09-07T23:59:59.999Z' });
    expect(input.historyYears).toEqual([2021, 2022]);
    expect(input.keys.map((k) => k.key)).toEqual([...input.keys.map((k) => k.key)].sort());
    const someKey = input.keys.find((k) => k.years.some((y) => y.year === 2022));
    expect(someKey?.lastYearSoFarAsKnown).toBeDefined();
    expect(input.placements.every((p) => p.startDate <= '2023-08-31')).toBe(true);
    expect(input.placements.map((p) => p.placementId)).toEqual([...input.placements.map((p) => p.placementId)].sort());
  });
});
