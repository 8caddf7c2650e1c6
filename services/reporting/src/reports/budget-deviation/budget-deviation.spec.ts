import { aBudget, aFrame, aLine, adoptedBudget, anArea } from '../../budgets/budget.builders';
import {
  computeBudgetDeviation,
  volumePriceEffects,
  type BudgetDeviationInput,
} from './compute-budget-deviation';
import type { ActualsResponse, KeyForecast } from './inputs';
import { toBudgetDeviationResponse } from './response';
import { ratio } from '../../budgets/exact';

const FAMILJEHEM_KEY = 'placements|placementType=FAMILJEHEM|regi=EXTERN|targetGroup=BARN_UNGA';
const BOENDE_KEY = 'payments|category=BOENDE';

// Figures chosen so that every expectation can be worked out by hand.
const budget = adoptedBudget(
  aBudget({
    frames: [aFrame({ code: 'KB' }), aFrame({ code: 'EKB', name: 'Ekonomiskt bistånd', accountable: false })],
    areas: [anArea({ code: 'IFO' }), anArea({ code: 'AMA', name: 'Arbetsmarknad' })],
    lines: [
      aLine({
        code: 'FAMILJEHEM',
        frame: 'KB',
        area: 'IFO',
        annualBudget: '365000.00',
        profile: 'DAYS',
        volume: { unit: 'VARDDYGN', annual: 365 },
        match: [{ stream: 'placements', placementType: 'FAMILJEHEM' }],
      }),
      aLine({
        code: 'EKB',
        frame: 'EKB',
        area: 'AMA',
        annualBudget: '1200000.00',
        volume: { unit: 'HUSHALLSMANADER', annual: 1200 },
        match: [{ stream: 'payments', category: ['BOENDE', 'FORSORJNINGSSTOD'] }],
      }),
      aLine({
        code: 'LOKALER',
        frame: 'KB',
        area: 'AMA',
        annualBudget: '120000.00',
        match: [{ stream: 'ledger', account: '64*' }],
      }),
      aLine({ code: 'RESERV', frame: 'KB', area: 'IFO', annualBudget: '1200.00', match: [] }),
    ],
  }),
);

const actuals: ActualsResponse = {
  year: 2023,
  asOf: '2023-06-30',
  knownAt: '2023-07-01T00:00:00Z',
  keys: [
    {
      key: FAMILJEHEM_KEY,
      months: [
        { month: '2023-01', amount: '3100000', careDays: 31 },
        { month: '2023-02', amount: '2800000', careDays: 28 },
      ],
    },
    { key: BOENDE_KEY, months: [{ month: '2023-03', amount: '50000000' }] },
    { key: 'ledger|account=6411', months: [{ month: '2023-04', amount: '1000000' }] },
    { key: 'ledger|account=7999', months: [{ month: '2023-05', amount: '12345' }] },
  ],
};

const forecast: KeyForecast[] = [
  {
    key: FAMILJEHEM_KEY,
    forecastFullYear: '36000000',
    low: '34000000',
    high: '39000000',
    method: 'COMMITMENTS',
    volume: 300,
    unitCost: '120000',
  },
  {
    key: BOENDE_KEY,
    forecastFullYear: '110000000',
    low: '100000000',
    high: '120000000',
    method: 'HOUSEHOLDS_X_COST',
    volume: 2500,
    unitCost: null,
  },
  {
    key: 'ledger|account=6411',
    forecastFullYear: '12000000',
    low: '11000000',
    high: '13000000',
    method: 'RUN_RATE',
    volume: null,
  },
  {
    key: 'ledger|account=6420',
    forecastFullYear: '500000',
    low: '400000',
    high: '600000',
    method: 'SEASONAL',
    volume: null,
  },
  {
    key: 'ledger|account=7999',
    forecastFullYear: '30000',
    low: '20000',
    high: '40000',
    method: 'RUN_RATE',
    volume: null,
  },
];

const base: BudgetDeviationInput = {
  budget,
  year: 2023,
  asOf: '2023-06-30',
  knownAt: '2023-07-01T00:00:00Z',
  groupBy: 'line',
  actuals,
  households: {
    EKB: [
      { month: '2023-03', households: 40 },
      { month: '2023-04', households: 45 },
    ],
  },
};

const withForecast: BudgetDeviationInput = {
  ...base,
  forecast,
  forecastAdjustments: { FAMILJEHEM: 1_000_000n },
  previousForecast: { FAMILJEHEM: 35_000_000n, EKB: 112_000_000n, LOKALER: 12_000_000n, RESERV: 0n },
};

const row = (input: BudgetDeviationInput, code: string) => {
  const found = computeBudgetDeviation(input).rows.find((r) => r.code === code);
  if (found === undefined) throw new Error(`no row ${code}`);
  return found;
};

describe('budget deviation report', () => {
  describe('Given actuals and no forecast', () => {
    it('Then each line has its periodised budget, actual and deviation, and no forecast figures', () => {
      expect(row(base, 'FAMILJEHEM')).toEqual({
        code: 'FAMILJEHEM',
        name: 'Line one',
        frame: 'KB',
        area: 'IFO',
        annualBudget: 36_500_000n,
        budgetYtd: 18_100_000n, // 365 000.00 × 181/365
        actualYtd: 5_900_000n,
        deviationYtd: 12_200_000n,
        forecastStatistical: null,
        forecastAdjustment: null,
        forecastFullYear: null,
        forecastDeviation: null,
        forecastLow: null,
        forecastHigh: null,
        previousForecastDeviation: null,
        volume: { unit: 'VARDDYGN', budget: 365, actualYtd: 59, forecastFullYear: null },
        volumeEffect: null,
        priceEffect: null,
        method: null,
      });
      expect(row(base, 'EKB')).toMatchObject({
        budgetYtd: 60_000_000n,
        actualYtd: 50_000_000n,
        volume: { unit: 'HUSHALLSMANADER', actualYtd: 85 },
      });
      expect(row(base, 'RESERV')).toMatchObject({
        budgetYtd: 60_000n,
        actualYtd: 0n,
        deviationYtd: 60_000n,
        volume: null,
      });
    });

    it('Then what no line matches is unclassified, in the total but in no row, frame or subtotal', () => {
      const report = computeBudgetDeviation({ ...base, groupBy: 'frame' });
      expect(report.unclassified).toEqual({
        actualYtd: 12_345n,
        forecastFullYear: null,
        forecastLow: null,
        forecastHigh: null,
        items: [
          {
            key: 'ledger|account=7999',
            stream: 'ledger',
            fields: { account: '7999' },
            actualYtd: 12_345n,
            forecastFullYear: null,
          },
        ],
      });
      expect(report.rows.map((r) => [r.code, r.actualYtd])).toEqual([
        ['EKB', 50_000_000n],
        ['KB', 6_900_000n],
      ]);
      expect(report.total.actualYtd).toBe(56_912_345n);
      expect(report.total.deviationYtd).toBe(report.rows.reduce((s, r) => s + r.deviationYtd, 0n) - 12_345n);
      expect([report.subtotals.accountable.actualYtd, report.subtotals.notAccountable.actualYtd]).toEqual([
        6_900_000n,
        50_000_000n,
      ]);
      expect(report.total.forecastFullYear).toBeNull();
    });

    it('Then area rows sum the line rows of the area, sorted by code', () => {
      const report = computeBudgetDeviation({ ...base, groupBy: 'area' });
      expect(report.rows.map((r) => [r.code, r.annualBudget, r.budgetYtd, r.volume, r.method])).toEqual([
        ['AMA', 132_000_000n, 66_000_000n, null, null],
        ['IFO', 36_620_000n, 18_160_000n, null, null],
      ]);
    });
  });

  describe('Given a statistical forecast, a controller adjustment and a previous forecast', () => {
    it('Then the line shows statistical, adjustment and final forecast side by side, the band moved with it', () => {
      expect(row(withForecast, 'FAMILJEHEM')).toMatchObject({
        forecastStatistical: 36_000_000n,
        forecastAdjustment: 1_000_000n,
        forecastFullYear: 37_000_000n,
        forecastDeviation: -500_000n,
        forecastLow: 35_000_000n,
        forecastHigh: 40_000_000n,
        previousForecastDeviation: 1_500_000n,
        method: 'COMMITMENTS',
      });
    });

    it('Then the volume/price split of a VARDDYGN line uses the care days of its keys', () => {
      // Budget 365 days at 1 000 SEK; forecast 300 days for 370 000 SEK.
      expect(row(withForecast, 'FAMILJEHEM')).toMatchObject({
        volume: { unit: 'VARDDYGN', budget: 365, actualYtd: 59, forecastFullYear: 300 },
        volumeEffect: 6_500_000n,
        priceEffect: -7_000_000n,
      });
    });

    it('Then a HUSHALLSMANADER line has no split unless the forecast gives its household-months per line', () => {
      expect(row(withForecast, 'EKB')).toMatchObject({
        volume: { forecastFullYear: null },
        volumeEffect: null,
        priceEffect: null,
      });
      expect(row({ ...withForecast, forecastVolumes: { EKB: 1100 } }, 'EKB')).toMatchObject({
        forecastDeviation: 10_000_000n,
        volume: { forecastFullYear: 1100 },
        volumeEffect: 10_000_000n,
        priceEffect: 0n,
      });
    });

    it('Then a key that has a forecast but no actual yet still counts on its line, and methods are listed', () => {
      expect(row(withForecast, 'LOKALER')).toMatchObject({
        actualYtd: 1_000_000n,
        forecastFullYear: 12_500_000n,
        method: 'RUN_RATE+SEASONAL',
      });
      expect(row(withForecast, 'RESERV')).toMatchObject({
        forecastFullYear: 0n,
        forecastDeviation: 120_000n,
        method: null,
      });
    });

    it('Then the total holds the unclassified forecast, and subtotals split the lines', () => {
      const report = computeBudgetDeviation({ ...withForecast, groupBy: 'frame' });
      expect(report.unclassified).toMatchObject({
        forecastFullYear: 30_000n,
        forecastLow: 20_000n,
        forecastHigh: 40_000n,
      });
      expect(report.total).toMatchObject({
        forecastStatistical: 158_530_000n,
        forecastAdjustment: 1_000_000n,
        forecastFullYear: 159_530_000n,
        forecastDeviation: 168_620_000n - 159_530_000n,
        previousForecastDeviation: 1_500_000n + 8_000_000n + 0n + 120_000n,
        volumeEffect: 6_500_000n,
        priceEffect: -7_000_000n,
      });
      expect(report.subtotals.notAccountable.forecastFullYear).toBe(110_000_000n);
    });

    it('Then a line missing from the previous forecast has no previousForecastDeviation, nor has the total', () => {
      const report = computeBudgetDeviation({
        ...withForecast,
        previousForecast: { FAMILJEHEM: 35_000_000n },
      });
      expect(report.rows.find((r) => r.code === 'EKB')?.previousForecastDeviation).toBeNull();
      expect(report.total.previousForecastDeviation).toBeNull();
    });
  });

  describe('HISTORICAL', () => {
    it('Then the profile is the line’s net cost per month summed over the earlier years given', () => {
      const historical = adoptedBudget(
        aBudget({
          lines: [
            aLine({
              code: 'H',
              annualBudget: '1000.00',
              profile: 'HISTORICAL',
              match: [{ stream: 'ledger', account: '5*' }],
            }),
          ],
        }),
      );
      const year = (y: number, months: [string, string][]): ActualsResponse => ({
        year: y,
        asOf: `${y}-12-31`,
        knownAt: 'k',
        keys: [
          {
            key: 'ledger|account=5113',
            months: months.map(([month, amount]) => ({ month: `${y}-${month}`, amount })),
          },
        ],
      });
      const report = computeBudgetDeviation({
        ...base,
        budget: historical,
        asOf: '2023-02-14',
        actuals: { ...actuals, asOf: '2023-02-14', keys: [] },
        historicalActuals: [
          year(2021, [
            ['01', '200'],
            ['03', '500'],
          ]),
          year(2022, [
            ['01', '100'],
            ['02', '100'],
          ]),
        ],
      });
      expect(report.rows[0].budgetYtd).toBe(38_889n); // 1000 × (300 + 100 × 14/28) / 900
    });
  });

  it('a line may be called like an Object.prototype member', () => {
    const odd = adoptedBudget(
      aBudget({
        lines: [
          aLine({
            code: 'constructor',
            volume: { unit: 'HUSHALLSMANADER', annual: 10 },
            match: [{ stream: 'payments', category: 'BOENDE' }],
          }),
        ],
      }),
    );
    const report = computeBudgetDeviation({
      ...withForecast,
      budget: odd,
      forecastAdjustments: {},
      previousForecast: {},
    });
    expect(report.rows[0]).toMatchObject({
      code: 'constructor',
      forecastAdjustment: 0n,
      previousForecastDeviation: null,
    });
  });

  describe('the volume/price split', () => {
    it('rounds the volume effect per line half away from zero; the price effect takes the rest', () => {
      expect(volumePriceEffects(100n, ratio(3n), ratio(1n), 10n)).toEqual({
        volumeEffect: 67n,
        priceEffect: -57n,
      });
      expect(volumePriceEffects(1n, ratio(2n), ratio(1n), 0n)).toEqual({
        volumeEffect: 1n,
        priceEffect: -1n,
      });
      expect(volumePriceEffects(-1n, ratio(2n), ratio(1n), 0n)).toEqual({
        volumeEffect: -1n,
        priceEffect: 1n,
      });
      expect(volumePriceEffects(1000n, ratio(10n), ratio(21n, 2n), -100n)).toEqual({
        volumeEffect: -50n,
        priceEffect: -50n,
      });
    });
  });

  describe('refuses inputs that do not belong together', () => {
    it.each([
      [
        'actuals of another asOf',
        { ...base, actuals: { ...actuals, asOf: '2023-05-31' } },
        /actuals are for/,
      ],
      [
        'a month after asOf',
        {
          ...base,
          actuals: { ...actuals, keys: [{ key: BOENDE_KEY, months: [{ month: '2023-07', amount: '1' }] }] },
        },
        /after asOf/,
      ],
      [
        'an amount that is not öre',
        {
          ...base,
          actuals: { ...actuals, keys: [{ key: BOENDE_KEY, months: [{ month: '2023-01', amount: '1.5' }] }] },
        },
        /öre/,
      ],
      [
        'an adjustment of an unknown line',
        { ...withForecast, forecastAdjustments: { NOPE: 1n } },
        /not a line/,
      ],
      ['a forecast key given twice', { ...withForecast, forecast: [...forecast, forecast[0]] }, /twice/],
      ['an asOf in another year', { ...base, asOf: '2024-01-31' }, /date in 2023/],
      [
        'history of the report year',
        { ...base, historicalActuals: [{ ...actuals, asOf: '2023-12-31' }] },
        /years before/,
      ],
    ] as const)('%s', (_name, input, message) => {
      expect(() => computeBudgetDeviation(input as BudgetDeviationInput)).toThrow(message);
    });
  });

  describe('the JSON response', () => {
    it('has every amount as an integer number of öre, with currency and unit', () => {
      const json = toBudgetDeviationResponse(computeBudgetDeviation({ ...withForecast, groupBy: 'line' }));
      expect(json).toMatchObject({
        year: 2023,
        asOf: '2023-06-30',
        groupBy: 'line',
        currency: 'SEK',
        unit: 'ore',
      });
      expect(json.rows.find((r) => r.code === 'FAMILJEHEM')).toMatchObject({
        annualBudget: 36_500_000,
        forecastFullYear: 37_000_000,
        volumeEffect: 6_500_000,
        priceEffect: -7_000_000,
        previousForecastDeviation: 1_500_000,
      });
      expect(json.unclassified.items[0]).toEqual({
        key: 'ledger|account=7999',
        stream: 'ledger',
        fields: { account: '7999' },
        actualYtd: 12_345,
        forecastFullYear: 30_000,
      });
      expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    });

    it('refuses a figure that a JSON number cannot hold exactly', () => {
      const huge = {
        ...actuals,
        keys: [{ key: BOENDE_KEY, months: [{ month: '2023-01', amount: String(2n ** 53n) }] }],
      };
      const report = computeBudgetDeviation({ ...base, actuals: huge });
      expect(() => toBudgetDeviationResponse(report)).toThrow(/exact JSON number/);
      const justFits = {
        ...actuals,
        keys: [
          { key: BOENDE_KEY, months: [{ month: '2023-01', amount: String(2n ** 53n - 1n - 50_000_000n) }] },
        ],
      };
      expect(() =>
        toBudgetDeviationResponse(computeBudgetDeviation({ ...base, actuals: justFits })),
      ).not.toThrow();
    });
  });
});
