import { daysInMonth } from '@ramprognos/calendar';
import { formatSek } from '@ramprognos/money';
import fc from 'fast-check';
import type { BudgetDocument, BudgetLine, Profile } from '../../budgets';
import { adoptedBudget } from '../../budgets/budget.builders';
import {
  computeBudgetDeviation,
  type BudgetDeviationReport,
  type DeviationFigures,
} from './compute-budget-deviation';
import type { ActualsResponse, KeyForecast } from './inputs';
import { toBudgetDeviationResponse } from './response';

// Random budgets, actuals and forecasts: the report's sums and splits must hold for all of them.

const YEAR = 2024; // a leap year, so DAYS weights and 29 February are exercised
// Up to ±10 million SEK per figure and 50 000 units keep every figure, volume effects included,
// within what a JSON number holds exactly, as for any real municipality.
const money = fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n });
const MONEY_FIELDS = [
  'annualBudget',
  'budgetYtd',
  'actualYtd',
  'deviationYtd',
  'forecastStatistical',
  'forecastAdjustment',
  'forecastFullYear',
  'forecastDeviation',
  'forecastLow',
  'forecastHigh',
] as const satisfies readonly (keyof DeviationFigures)[];

/** Twelve non-negative weights summing to exactly 1, as decimal strings in thousandths. */
const weights = fc.array(fc.nat({ max: 1000 }), { minLength: 11, maxLength: 11 }).map((cuts) => {
  const sorted = [0, ...[...cuts].sort((a, b) => a - b), 1000];
  return sorted.slice(1).map((v, i) => (v - sorted[i]) / 1000);
});

const profile: fc.Arbitrary<Profile> = fc.oneof(
  fc.constantFrom<Profile>('EVEN', 'DAYS', 'HISTORICAL'),
  weights.map((w) => w.map(String)),
);

const ledgerKey = fc.stringMatching(/^[0-9]{1,4}$/).map((account) => `ledger|account=${account}`);
const placementKey = fc
  .constantFrom('FAMILJEHEM', 'HVB', 'SIS')
  .chain((type) =>
    fc
      .constantFrom('EGEN', 'EXTERN')
      .map((regi) => `placements|placementType=${type}|regi=${regi}|targetGroup=VUXEN`),
  );

const scenario = fc
  .record({
    frames: fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
    areas: fc.integer({ min: 1, max: 3 }),
    lines: fc.array(
      fc.record({
        frame: fc.nat(),
        area: fc.nat(),
        annualBudget: money,
        profile,
        volume: fc.option(
          fc.record({
            unit: fc.constantFrom('VARDDYGN' as const, 'HUSHALLSMANADER' as const),
            annual: fc.integer({ min: 1, max: 50_000 }),
          }),
          { nil: undefined },
        ),
        accountPrefix: fc.stringMatching(/^[0-9]{0,2}$/),
        placementType: fc.option(fc.constantFrom('FAMILJEHEM', 'HVB'), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    asOfDayOfYear: fc.integer({ min: 0, max: 365 }),
    keys: fc.uniqueArray(fc.oneof(ledgerKey, placementKey), { minLength: 0, maxLength: 12 }),
    seed: fc.array(fc.record({ amount: money, careDays: fc.nat({ max: 31 }), month: fc.nat({ max: 11 }) }), {
      minLength: 12,
      maxLength: 12,
    }),
    forecast: fc.option(
      fc.array(
        fc.record({
          f: money,
          spread: fc.bigInt({ min: 0n, max: 10n ** 9n }),
          volume: fc.option(fc.integer({ min: 0, max: 50_000 }), { nil: null }),
        }),
        { minLength: 12, maxLength: 12 },
      ),
      { nil: undefined },
    ),
    adjustments: fc.array(money, { minLength: 8, maxLength: 8 }),
    forecastVolumes: fc.array(fc.option(fc.integer({ min: 0, max: 50_000 }), { nil: undefined }), {
      minLength: 8,
      maxLength: 8,
    }),
    households: fc.array(fc.nat({ max: 5000 }), { minLength: 12, maxLength: 12 }),
  })
  .map((s) => {
    const document: BudgetDocument = {
      year: YEAR,
      frames: s.frames.map((accountable, i) => ({ code: `F${i}`, name: `Frame ${i}`, accountable })),
      areas: Array.from({ length: s.areas }, (_, i) => ({ code: `A${i}`, name: `Area ${i}` })),
      lines: s.lines.map((l, i): BudgetLine => ({
        code: `L${i}`,
        name: `Line ${i}`,
        frame: `F${l.frame % s.frames.length}`,
        area: `A${l.area % s.areas}`,
        annualBudget: formatSek(l.annualBudget),
        profile: l.profile,
        ...(l.volume === undefined ? {} : { volume: l.volume }),
        match: [
          { stream: 'ledger', account: `${l.accountPrefix}*` },
          ...(l.placementType === undefined
            ? []
            : [{ stream: 'placements' as const, placementType: l.placementType }]),
        ],
      })),
    };
    const asOfDate = new Date(Date.UTC(YEAR, 0, 1 + s.asOfDayOfYear)).toISOString().slice(0, 10);
    const lastMonth = Number(asOfDate.slice(5, 7)) - 1;
    const month = (m: number) => `${YEAR}-${String(m + 1).padStart(2, '0')}`;
    const actuals: ActualsResponse = {
      year: YEAR,
      asOf: asOfDate,
      knownAt: 'k',
      keys: s.keys.map((key, i) => {
        const m = Math.min(s.seed[i].month, lastMonth);
        const careDays = key.startsWith('placements|')
          ? { careDays: Math.min(s.seed[i].careDays, daysInMonth(YEAR, m + 1)) }
          : {};
        return { key, months: [{ month: month(m), amount: s.seed[i].amount.toString(), ...careDays }] };
      }),
    };
    const history: ActualsResponse = {
      year: YEAR - 1,
      asOf: `${YEAR - 1}-12-31`,
      knownAt: 'k',
      keys: s.keys.map((key, i) => ({
        key,
        months: [
          {
            month: `${YEAR - 1}-${String(s.seed[i].month + 1).padStart(2, '0')}`,
            amount: (s.seed[i].amount / 3n).toString(),
          },
        ],
      })),
    };
    const forecast: KeyForecast[] | undefined = s.forecast?.slice(0, s.keys.length).map((f, i) => ({
      key: s.keys[i],
      forecastFullYear: f.f.toString(),
      low: (f.f - f.spread).toString(),
      high: (f.f + f.spread).toString(),
      method: i % 2 === 0 ? 'RUN_RATE' : 'COMMITMENTS',
      volume: f.volume,
    }));
    const lineCodes = document.lines.map((l) => l.code);
    return {
      document,
      input: {
        year: YEAR,
        asOf: asOfDate,
        knownAt: 'k',
        actuals,
        historicalActuals: [history],
        households: Object.fromEntries(
          lineCodes.map((code, i) => [code, [{ month: month(0), households: s.households[i] }]]),
        ),
        forecast,
        forecastAdjustments: Object.fromEntries(lineCodes.map((code, i) => [code, s.adjustments[i]])),
        forecastVolumes: Object.fromEntries(
          lineCodes.flatMap((code, i) =>
            s.forecastVolumes[i] === undefined ? [] : [[code, s.forecastVolumes[i] as number]],
          ),
        ),
        previousForecast: Object.fromEntries(lineCodes.map((code, i) => [code, s.adjustments[i] * 3n])),
      },
    };
  });

function sumOf(rows: readonly DeviationFigures[], field: (typeof MONEY_FIELDS)[number]): bigint | null {
  if (rows.some((r) => r[field] === null)) return null;
  return rows.reduce((s, r) => s + (r[field] as bigint), 0n);
}

/** The unclassified amounts as the row (budget 0) the total includes. */
function unclassifiedOf(report: BudgetDeviationReport, field: (typeof MONEY_FIELDS)[number]): bigint | null {
  const { actualYtd, forecastFullYear, forecastLow, forecastHigh } = report.unclassified;
  switch (field) {
    case 'actualYtd':
      return actualYtd;
    case 'deviationYtd':
      return -actualYtd;
    case 'forecastStatistical':
    case 'forecastFullYear':
      return forecastFullYear;
    case 'forecastDeviation':
      return forecastFullYear === null ? null : -forecastFullYear;
    case 'forecastLow':
      return forecastLow;
    case 'forecastHigh':
      return forecastHigh;
    default:
      return null;
  }
}

describe('budget deviation: properties over random budgets, actuals and forecasts', () => {
  it('frame rows, area rows and the subtotals each add up to the total (with unclassified)', () => {
    fc.assert(
      fc.property(scenario, ({ document, input }) => {
        const budget = adoptedBudget(document);
        for (const groupBy of ['frame', 'area', 'line'] as const) {
          const report = computeBudgetDeviation({ ...input, budget, groupBy });
          for (const field of MONEY_FIELDS) {
            const unclassified = unclassifiedOf(report, field) ?? 0n;
            const rows = sumOf(report.rows, field);
            const total = report.total[field];
            expect(total).toBe(rows === null ? null : rows + unclassified);
            const subtotals = sumOf([report.subtotals.accountable, report.subtotals.notAccountable], field);
            expect(total).toBe(subtotals === null ? null : subtotals + unclassified);
          }
          expect(report.total.deviationYtd).toBe(report.total.budgetYtd - report.total.actualYtd);
          expect(() => toBudgetDeviationResponse(report)).not.toThrow();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('per line: volumeEffect + priceEffect = forecastDeviation, deviations are budget − cost, low ≤ forecast ≤ high', () => {
    fc.assert(
      fc.property(scenario, ({ document, input }) => {
        const report = computeBudgetDeviation({ ...input, budget: adoptedBudget(document), groupBy: 'line' });
        expect(report.rows.map((r) => r.code).sort()).toEqual(document.lines.map((l) => l.code).sort());
        for (const row of report.rows) {
          expect(row.deviationYtd).toBe(row.budgetYtd - row.actualYtd);
          if (input.forecast === undefined) {
            expect([row.forecastFullYear, row.volumeEffect, row.priceEffect]).toEqual([null, null, null]);
            continue;
          }
          expect(row.forecastFullYear).toBe(
            (row.forecastStatistical as bigint) + (row.forecastAdjustment as bigint),
          );
          expect(row.forecastDeviation).toBe(row.annualBudget - (row.forecastFullYear as bigint));
          expect((row.forecastLow as bigint) <= (row.forecastFullYear as bigint)).toBe(true);
          expect((row.forecastFullYear as bigint) <= (row.forecastHigh as bigint)).toBe(true);
          if (row.volumeEffect !== null) {
            expect((row.volumeEffect as bigint) + (row.priceEffect as bigint)).toBe(row.forecastDeviation);
            expect(row.volume?.forecastFullYear).not.toBeNull();
          } else {
            expect(row.priceEffect).toBeNull();
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a whole year through 31 December periodises exactly the annual budget, whatever the profile', () => {
    fc.assert(
      fc.property(scenario, ({ document, input }) => {
        const report = computeBudgetDeviation({
          ...input,
          asOf: `${YEAR}-12-31`,
          actuals: { ...input.actuals, asOf: `${YEAR}-12-31` },
          households: {},
          budget: adoptedBudget(document),
          groupBy: 'line',
        });
        for (const row of report.rows) expect(row.budgetYtd).toBe(row.annualBudget);
      }),
      { numRuns: 100 },
    );
  });
});
