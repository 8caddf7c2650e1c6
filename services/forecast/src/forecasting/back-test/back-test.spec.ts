import { validateEvents, type PublishedEvent } from '@ramprognos/contracts';
import { loadExampleFixtures } from '@ramprognos/testing';
import type { Forecast, KeyForecast } from '../engine/forecast';
import { InMemoryFacts } from '../input/in-memory-facts';
import { compare, formatBackTestTable, meanOverRuns, runBackTest } from './back-test';

function key(k: string, forecast: bigint, runRate: bigint, band = 0n): KeyForecast {
  return {
    key: k,
    actualYtd: 0n,
    forecastFullYear: forecast,
    low: forecast - band,
    high: forecast + band,
    method: 'm',
    volume: null,
    unitCost: null,
    baseline: { runRate },
    band: { basis: 'default', backTestErrors: [] },
    lateEvents: null,
    explanation: { kind: 'run-rate' },
  };
}

function forecastOf(keys: KeyForecast[]): Forecast {
  const zero = { actualYtd: 0n, forecastFullYear: 0n, low: 0n, high: 0n, runRate: 0n };
  return { year: 2023, asOf: '2023-08-31', knownAt: '2023-09-07T23:59:59.999Z', historyYears: [], keys, total: zero, byStream: { payments: zero, placements: zero, ledger: zero } };
}

describe('back-test comparison', () => {
  it('gives absolute percentage errors in total, per stream and over the placements keys', () => {
    const forecast = forecastOf([
      key('placements|placementType=HVB|regi=EXTERN|targetGroup=VUXEN', 110n, 90n, 20n),
      key('placements|placementType=SIS|regi=EXTERN|targetGroup=VUXEN', 95n, 100n, 1n),
      key('ledger|account=5111', 1000n, 900n, 100n),
    ]);
    const outcome = new Map([
      ['placements|placementType=HVB|regi=EXTERN|targetGroup=VUXEN', 100n],
      ['placements|placementType=SIS|regi=EXTERN|targetGroup=VUXEN', 100n],
      ['ledger|account=5111', 1000n],
      ['payments|category=BOENDE', 50n], // appeared after asOf: forecast 0
    ]);
    const m = compare(8, forecast, outcome);
    expect(m.placements).toEqual({ engine: 2.5, runRate: 5 }); // |205 − 200| / 200, |190 − 200| / 200
    expect(m.placementKeys).toEqual({ engine: 7.5, runRate: 5 }); // (10 + 5) / 200, (10 + 0) / 200
    expect(m.ledger).toEqual({ engine: 0, runRate: 10 });
    expect(m.payments).toEqual({ engine: 100, runRate: 100 });
    expect(m.total.engine).toBeCloseTo((100 * 45) / 1250, 12);
    expect(m.bandHitRate).toBeCloseTo(1100 / 1250, 12); // HVB and ledger in their bands, SIS and BOENDE not
    expect(m.keys.find((k) => k.key === 'payments|category=BOENDE')?.method).toBe('none');
  });

  it('averages several runs month by month and prints the table of the note', () => {
    const a = compare(8, forecastOf([key('ledger|account=1', 110n, 120n)]), new Map([['ledger|account=1', 100n]]));
    const b = compare(8, forecastOf([key('ledger|account=1', 100n, 100n)]), new Map([['ledger|account=1', 100n]]));
    const [mean] = meanOverRuns([
      { year: 2023, knownAtLagDays: 7, months: [a] },
      { year: 2023, knownAtLagDays: 7, months: [b] },
    ]);
    expect(mean.total).toEqual({ engine: 5, runRate: 10 });
    expect(formatBackTestTable([mean], 'T')).toContain('| 2023-08 | 5.00 | 10.00 |');
  });

  it('runs the engine as of each month end on what was known a few days later, the same every time', async () => {
    const fixtures = loadExampleFixtures();
    const validated = validateEvents(fixtures.events, { form: 'inbound' });
    if (!validated.ok) throw new Error('example events invalid');
    const facts = InMemoryFacts.fromEvents(validated.events.filter((e) => !e.type.startsWith('se.socialtjanst.case.')) as PublishedEvent[]);
    const result = await runBackTest(facts, { year: 2023, knownAtLagDays: 7, months: [2, 8] });
    expect(result.months.map((m) => [m.asOf, m.knownAt])).toEqual([
      ['2023-02-28', '2023-03-07T23:59:59.999Z'],
      ['2023-08-31', '2023-09-07T23:59:59.999Z'],
    ]);
    expect(await runBackTest(facts, { year: 2023, knownAtLagDays: 7, months: [2, 8] })).toEqual(result);
  });
});
