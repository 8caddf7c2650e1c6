// A ReportSource for tests: a small two-frame budget computed by the real pure report code, whose
// actuals a test can change afterwards ("late events for the period").
import { budgetAsOf } from '../../budgets';
import { aBudget, aFrame, aLine, adoptedBudget, anArea } from '../../budgets/budget.builders';
import { computeMonthlySeries } from '../../dashboard/monthly-series/compute-monthly-series';
import { computeBudgetDeviation, type ActualsResponse, type GroupBy, type KeyForecast } from '../../reports/budget-deviation';
import { toBudgetDeviationView } from '../../reports/budget-deviation/budget-deviation-view';
import { monthEnd, publicationInstant, publishedMonth } from '../../reports/suppression/publication';
import type { CaptureRequest, ReportSource } from '../report-source/report-source';
import type { RoundSnapshot } from '../round-snapshot';

export const PLACEMENT_KEY = 'placements|placementType=FAMILJEHEM|regi=EXTERN|targetGroup=BARN_UNGA';
export const PAYMENT_KEY = 'payments|category=FORSORJNINGSSTOD';
export const LEDGER_KEY = 'ledger|account=4999';

export const testBudget = () =>
  adoptedBudget(
    aBudget({
      frames: [aFrame({ code: 'KB', name: 'Kommunbidrag', accountable: true }), aFrame({ code: 'EKB', name: 'Ekonomiskt bistånd', accountable: false })],
      areas: [anArea({ code: 'IFO', name: 'Individ och familj' }), anArea({ code: 'AMA', name: 'Arbetsmarknad och ekonomiskt bistånd' })],
      lines: [
        aLine({
          code: 'IFO_FAMILJEHEM',
          name: 'Familjehem extern regi',
          frame: 'KB',
          area: 'IFO',
          annualBudget: '1200000.00',
          profile: 'DAYS',
          volume: { unit: 'VARDDYGN', annual: 400 },
          match: [{ stream: 'placements', placementType: ['FAMILJEHEM'] }],
        }),
        aLine({
          code: 'EKB_UTBETALT',
          name: 'Utbetalt ekonomiskt bistånd',
          frame: 'EKB',
          area: 'AMA',
          annualBudget: '2400000.00',
          profile: 'EVEN',
          volume: { unit: 'HUSHALLSMANADER', annual: 240 },
          match: [{ stream: 'payments', category: ['FORSORJNINGSSTOD'] }],
        }),
      ],
    }),
  );

export class FakeReportSource implements ReportSource {
  captures = 0;
  /** Öre added to August's payments: events that arrive after a round was opened. */
  lateOre = 0n;
  /** Care days of the placement line in each month; a month with 1–4 is a small count. */
  careDays = [31, 28, 31, 30, 31, 30, 31, 3];

  async capture(request: CaptureRequest): Promise<RoundSnapshot> {
    this.captures++;
    const state = testBudget();
    const budget = budgetAsOf(state, request.asOf);
    const months = Array.from({ length: Number(request.asOf.slice(5, 7)) }, (_, i) => `${request.year}-${String(i + 1).padStart(2, '0')}`);
    const actuals: ActualsResponse = {
      year: request.year,
      asOf: request.asOf,
      knownAt: request.knownAt,
      keys: [
        { key: PLACEMENT_KEY, months: months.map((month, i) => ({ month, amount: String(300_000 * (this.careDays[i] ?? 30)), careDays: this.careDays[i] ?? 30 })) },
        { key: PAYMENT_KEY, months: months.map((month, i) => ({ month, amount: String(17_000_000n + (i === months.length - 1 ? this.lateOre : 0n)) })) },
        { key: LEDGER_KEY, months: [{ month: months[0], amount: '12345' }] },
      ],
    };
    const households = { EKB_UTBETALT: months.map((month) => ({ month, households: 20 })) };
    const forecast: KeyForecast[] = [
      { key: PLACEMENT_KEY, forecastFullYear: '110000000', low: '100000000', high: '120000000', method: 'commitments', volume: 380 },
      { key: PAYMENT_KEY, forecastFullYear: String(204_000_000n + this.lateOre), low: '190000000', high: '220000000', method: 'households-x-cost', volume: null },
    ];
    const view = (groupBy: GroupBy) =>
      toBudgetDeviationView(
        computeBudgetDeviation({
          budget: state,
          year: request.year,
          asOf: request.asOf,
          knownAt: request.knownAt,
          groupBy,
          actuals,
          households,
          forecast,
          forecastVolumes: { EKB_UTBETALT: 230 },
          previousForecast: { IFO_FAMILJEHEM: 115_000_000n, EKB_UTBETALT: 210_000_000n, OKLASSIFICERAT: 0n },
        }),
      );
    return {
      year: request.year,
      asOf: request.asOf,
      knownAt: request.knownAt,
      budget: {
        year: request.year,
        label: 'Nämndsbudget 2023',
        frames: budget.frames.map(({ code, name, accountable }) => ({ code, name, accountable })),
        areas: budget.areas.map(({ code, name }) => ({ code, name })),
        lines: budget.lines.map((l) => ({ code: l.code, name: l.name, frame: l.frame, area: l.area, volumeUnit: l.volume?.unit ?? null })),
      },
      reports: { frame: view('frame'), area: view('area'), line: view('line') },
      monthly: computeMonthlySeries({ budget, knownAt: request.knownAt, actuals, households }),
      published: this.published(request),
    };
  }

  /** The months published by knownAt, from the same care days and households (no late events). */
  private published(request: CaptureRequest): RoundSnapshot['published'] {
    const through = publishedMonth(request.year, request.asOf, Date.parse(request.knownAt));
    if (through === 0) return { through: null, knownAt: null, lines: [] };
    return {
      through: monthEnd(request.year, through),
      knownAt: publicationInstant(request.year, through),
      lines: [
        {
          code: 'IFO_FAMILJEHEM',
          months: Array.from({ length: through }, (_, i) => this.careDays[i] ?? 30),
          forecastFullYear: 380,
        },
        { code: 'EKB_UTBETALT', months: Array<number>(through).fill(20), forecastFullYear: 230 },
      ],
    };
  }
}
