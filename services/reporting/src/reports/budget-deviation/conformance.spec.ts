// Conformance: the report computed from per-key actuals (the shape the forecast service returns)
// reproduces every figure of test-fixtures/examples/expected.json, and agrees with the reference
// calculator (libs/testing) line by line and month by month.
import { computeReport, loadExampleFixtures, type ExpectedCase } from '@ramprognos/testing';
import { actualsOf, book, householdsOf } from '../../../test/support/forecast-stand-in';
import { adoptedBudget } from '../../budgets/budget.builders';
import { UNCLASSIFIED_LINE } from '../../budgets';
import { classifyKeyIds, householdGroups } from '../../classification';
import { computeBudgetDeviation } from './compute-budget-deviation';
import type { ActualsResponse } from './inputs';
import { toBudgetDeviationResponse } from './response';

// ---------------------------------------------------------------- the cases

const fixtures = loadExampleFixtures();
const state = adoptedBudget(fixtures.budget, fixtures.adjustments);
const lines = fixtures.budget.lines as Parameters<typeof classifyKeyIds>[0];
const KNOWN_AT_ALL = '9999-12-31T23:59:59Z';

const cache = new Map<string, ReturnType<typeof inputsFor>>();
function inputsFor(c: Pick<ExpectedCase, 'year' | 'asOf' | 'knownAt'>) {
  const booked = book(fixtures.events, c.asOf, c.knownAt);
  const knownAt = c.knownAt ?? KNOWN_AT_ALL;
  const earlier = [
    ...new Set(
      [...booked.byKey.values()].flatMap((m) => [...m.keys()].map((month) => Number(month.slice(0, 4)))),
    ),
  ]
    .filter((y) => y < c.year)
    .sort();
  return {
    booked,
    actuals: actualsOf(booked, c.year, c.asOf, knownAt),
    historicalActuals: earlier.map((y) => actualsOf(booked, y, `${y}-12-31`, knownAt)),
    households: householdsOf(booked, c.year, householdGroups(lines)),
    knownAt,
  };
}
function cached(c: Pick<ExpectedCase, 'year' | 'asOf' | 'knownAt'>) {
  const id = `${c.asOf}|${c.knownAt}`;
  if (!cache.has(id)) cache.set(id, inputsFor(c));
  return cache.get(id) as ReturnType<typeof inputsFor>;
}

const byCode = <T extends { code: string }>(rows: readonly T[]): T[] =>
  [...rows].sort((a, b) => (a.code < b.code ? -1 : 1));

describe('budget deviation against test-fixtures/examples/expected.json', () => {
  it('has cases of every groupBy, with and without knownAt, and earlier years for HISTORICAL', () => {
    expect(new Set(fixtures.expected.map((c) => c.groupBy))).toEqual(new Set(['line', 'frame', 'area']));
    expect(fixtures.expected.some((c) => c.knownAt !== null)).toBe(true);
    expect(cached(fixtures.expected[0]).historicalActuals.length).toBeGreaterThan(0);
  });

  const cases = fixtures.expected.map(
    (c) => [`${c.groupBy} asOf=${c.asOf} knownAt=${c.knownAt ?? 'all'}`, c] as const,
  );

  it.each(cases)('%s: every row, unclassified and volume, exactly', (_name, c) => {
    const inputs = cached(c);
    const report = toBudgetDeviationResponse(
      computeBudgetDeviation({
        budget: state,
        year: c.year,
        asOf: c.asOf,
        knownAt: inputs.knownAt,
        groupBy: c.groupBy,
        actuals: inputs.actuals,
        historicalActuals: inputs.historicalActuals,
        households: inputs.households,
      }),
    );
    const figures = report.rows.map(({ code, annualBudget, budgetYtd, actualYtd, deviationYtd }) => ({
      code,
      annualBudget,
      budgetYtd,
      actualYtd,
      deviationYtd,
    }));
    expect(figures).toEqual(byCode(c.rows));
    expect(report.unclassified.actualYtd).toBe(c.unclassified.actualYtd);
    if (c.volumeActualYtd !== null) {
      const volumes = Object.fromEntries(
        report.rows.filter((r) => r.volume !== null).map((r) => [r.code, r.volume?.actualYtd]),
      );
      expect(volumes).toEqual(c.volumeActualYtd);
    } else {
      expect(report.rows.every((r) => r.volume === null)).toBe(true);
    }
    expect(report.rows.every((r) => r.forecastFullYear === null && r.volumeEffect === null)).toBe(true);
    const sum = (field: 'annualBudget' | 'budgetYtd' | 'actualYtd' | 'deviationYtd') =>
      report.rows.reduce((s, r) => s + r[field], 0);
    expect(report.total.actualYtd).toBe(sum('actualYtd') + c.unclassified.actualYtd);
    expect(report.total.deviationYtd).toBe(sum('deviationYtd') - c.unclassified.actualYtd);
    expect(report.total.budgetYtd).toBe(sum('budgetYtd'));
    expect(report.subtotals.accountable.actualYtd + report.subtotals.notAccountable.actualYtd).toBe(
      sum('actualYtd'),
    );
  });

  it.each(cases.filter(([, c]) => c.groupBy === 'line'))(
    "%s: the stand-in's per-key figures agree with the reference calculator line by line and month by month",
    (_name, c) => {
      const inputs = cached(c);
      const reference = computeReport({
        ...fixtures,
        year: c.year,
        asOf: c.asOf,
        knownAt: c.knownAt,
        groupBy: 'line',
      });
      const classification = classifyKeyIds(lines, inputs.booked.byKey.keys());
      const perLine = (responses: readonly ActualsResponse[]) => {
        const result: Record<string, bigint[]> = {};
        for (const code of [...lines.map((l) => l.code), UNCLASSIFIED_LINE])
          result[code] = Array<bigint>(12).fill(0n);
        for (const response of responses) {
          for (const { key, months } of response.keys) {
            for (const m of months)
              result[classification.get(key) as string][Number(m.month.slice(5, 7)) - 1] += BigInt(m.amount);
          }
        }
        return result;
      };
      expect(perLine([inputs.actuals])).toEqual(reference.actualByLineAndMonth);
      expect(perLine(inputs.historicalActuals)).toEqual(reference.historicalByLineAndMonth);

      const volumes: Record<string, number[]> = {};
      for (const line of fixtures.budget.lines.filter((l) => l.volume)) {
        const months = Array<number>(12).fill(0);
        if (line.volume?.unit === 'HUSHALLSMANADER') {
          for (const m of inputs.households[line.code] ?? [])
            if (m.month.startsWith(`${c.year}-`)) months[Number(m.month.slice(5, 7)) - 1] += m.households;
        } else {
          for (const { key, months: ms } of inputs.actuals.keys) {
            if (classification.get(key) === line.code)
              for (const m of ms) months[Number(m.month.slice(5, 7)) - 1] += m.careDays ?? 0;
          }
        }
        volumes[line.code] = months;
      }
      expect(volumes).toEqual(reference.volumeByLineAndMonth);
    },
  );

  it('the late-recorded payment P000006742 is in the report without knownAt and not in the one at 2023-09-01', () => {
    const ekb = (knownAt: string | null) => {
      const inputs = cached({ year: 2023, asOf: '2023-08-31', knownAt });
      const report = computeBudgetDeviation({
        budget: state,
        year: 2023,
        asOf: '2023-08-31',
        groupBy: 'line',
        ...inputs,
      });
      return report.rows.find((r) => r.code === 'EKB_UTBETALT');
    };
    expect([ekb(null)?.actualYtd, ekb(null)?.volume?.actualYtd]).toEqual([1_189_588_798n, 1143]);
    expect([ekb('2023-09-01T00:00:00Z')?.actualYtd, ekb('2023-09-01T00:00:00Z')?.volume?.actualYtd]).toEqual([
      1_188_245_290n,
      1142,
    ]);
  });
});
