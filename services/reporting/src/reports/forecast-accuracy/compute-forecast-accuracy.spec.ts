import { aBudget, aFrame, aLine, adoptedBudget } from '../../budgets/budget.builders';
import { initialState } from '../../budgets';
import { outcomePeriod } from './reading-forecast-accuracy/get-forecast-accuracy.handler';
import { computeForecastAccuracy, errorPercent } from './compute-forecast-accuracy';

const budget = adoptedBudget(
  aBudget({
    frames: [aFrame({ code: 'KB' }), aFrame({ code: 'X', name: 'X', accountable: false })],
    lines: [
      aLine({ code: 'HVB', frame: 'KB', match: [{ stream: 'placements', placementType: 'HVB' }] }),
      aLine({
        code: 'BIDRAG',
        frame: 'X',
        annualBudget: '-100.00',
        match: [{ stream: 'ledger', account: '30*' }],
      }),
    ],
  }),
);
const HVB = 'placements|placementType=HVB|regi=EGEN|targetGroup=VUXEN';
const k = (key: string, forecastFullYear: string) => ({
  key,
  forecastFullYear,
  low: '0',
  high: '0',
  method: 'm',
  volume: null,
});

describe('computeForecastAccuracy', () => {
  const report = computeForecastAccuracy({
    budget,
    year: 2023,
    outcome: {
      final: true,
      actuals: {
        year: 2023,
        asOf: '2023-12-31',
        knownAt: '2024-02-01T00:00:00Z',
        keys: [
          {
            key: HVB,
            months: [
              { month: '2023-03', amount: '80000' },
              { month: '2023-11', amount: '20000' },
            ],
          },
          { key: 'ledger|account=3010', months: [{ month: '2023-06', amount: '-8000' }] },
          { key: 'ledger|account=7999', months: [{ month: '2023-06', amount: '300' }] },
        ],
      },
    },
    snapshots: [
      { id: 's2', asOf: '2023-08-31', keys: [k(HVB, '90000'), k('ledger|account=3010', '-10000')] },
      { id: 's1', asOf: '2023-04-30', keys: [k(HVB, '120000'), k('ledger|account=7999', '100')] },
    ],
    adjustments: [
      {
        id: '1',
        year: 2023,
        line: 'HVB',
        decidedOn: '2023-06-01',
        amount: '50.00',
        comment: 'c',
        recordedAt: '',
        recordedBy: '',
      },
    ],
  });

  it('takes each snapshot oldest first, with the adjustments in force at its asOf', () => {
    expect(report.snapshots.map((s) => s.id)).toEqual(['s1', 's2']);
    const [s1, s2] = report.snapshots;
    expect(s1.lines.find((l) => l.code === 'HVB')).toEqual({
      code: 'HVB',
      name: 'Line one',
      forecastStatistical: 120000n,
      forecastAdjustment: 0n,
      forecastFullYear: 120000n,
      outcome: 100000n,
      error: 20000n,
      errorPercent: 20,
    });
    expect(s2.lines.find((l) => l.code === 'HVB')).toMatchObject({
      forecastFullYear: 95000n,
      error: -5000n,
      errorPercent: -5,
    });
  });

  it('has frames, unclassified and a total that adds up', () => {
    const s2 = report.snapshots[1];
    expect(s2.frames.map((f) => [f.code, f.error])).toEqual([
      ['KB', -5000n],
      ['X', -2000n],
    ]);
    expect(s2.unclassified).toMatchObject({ forecastFullYear: 0n, outcome: 300n, error: -300n });
    expect(s2.total).toMatchObject({ forecastFullYear: 85000n, outcome: 92300n, error: -7300n });
    // A revenue line forecast at -10000 against -8000: 2000 too much revenue, -25 % of its size.
    expect(s2.lines.find((l) => l.code === 'BIDRAG')?.errorPercent).toBe(-25);
  });

  it('refuses a year without a budget', () => {
    expect(() =>
      computeForecastAccuracy({
        budget: initialState(),
        year: 2023,
        outcome: { final: true, actuals: { year: 2023, asOf: '2023-12-31', knownAt: '', keys: [] } },
        snapshots: [],
        adjustments: [],
      }),
    ).toThrow('no budget is adopted for 2023');
  });
});

describe('errorPercent and the outcome period', () => {
  it('rounds to one decimal half away from zero; null without an outcome', () => {
    expect([
      errorPercent(1n, 3n),
      errorPercent(-1n, 3n),
      errorPercent(1n, 2000n),
      errorPercent(5n, 0n),
    ]).toEqual([33.3, -33.3, 0.1, null]);
  });

  it('is the whole year once it is over, else today', () => {
    expect(outcomePeriod(2023, new Date('2024-01-01T00:00:00Z'))).toEqual({
      asOf: '2023-12-31',
      final: true,
    });
    expect(outcomePeriod(2023, new Date('2023-12-31T23:59:59Z'))).toEqual({
      asOf: '2023-12-31',
      final: false,
    });
    expect(outcomePeriod(2023, new Date('2023-05-04T10:00:00Z'))).toEqual({
      asOf: '2023-05-04',
      final: false,
    });
    expect(outcomePeriod(2023, new Date('2022-12-01T10:00:00Z'))).toEqual({
      asOf: '2023-01-01',
      final: false,
    });
  });
});
