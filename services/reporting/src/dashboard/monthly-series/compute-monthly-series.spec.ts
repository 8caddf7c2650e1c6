import { FakeReportSource } from '../../rounds/testing/fake-report-source';

// The months must add up to the report's year-to-date figures: the chart and the table cannot disagree.

const request = { year: 2023, asOf: '2023-08-31', knownAt: '2023-09-01T06:00:00.000Z' };

describe('the monthly series', () => {
  it('adds up, line by line, to the budget-deviation report at a month end', async () => {
    const snapshot = await new FakeReportSource().capture(request);
    const { monthly, reports } = snapshot;
    expect(monthly.months).toHaveLength(12);
    for (const row of reports.line.rows) {
      const line = monthly.lines.find((l) => l.code === row.code);
      if (line === undefined) throw new Error(`no series for ${row.code}`);
      const through = (values: readonly (number | null)[]) => values.slice(0, 8).reduce<number>((s, v) => s + (v ?? 0), 0);
      expect({ code: row.code, actual: through(line.actual), budgetYtd: through(line.budget), annual: line.budget.reduce((s, v) => s + v, 0) }).toEqual({
        code: row.code,
        actual: row.actualYtd,
        budgetYtd: row.budgetYtd,
        annual: row.annualBudget,
      });
      expect(line.actual.slice(8)).toEqual([null, null, null, null]);
    }
    expect(monthly.unclassified.actual[0]).toBe(12345);
    expect(monthly.total.actual.slice(0, 8).reduce<number>((s, v) => s + (v ?? 0), 0)).toBe(reports.line.total.actualYtd);
  });

  it('carries the volume per month in the line’s unit: vårddygn from the placements, households from the households query', async () => {
    const { monthly, reports } = await new FakeReportSource().capture(request);
    const placements = monthly.lines.find((l) => l.code === 'IFO_FAMILJEHEM');
    const payments = monthly.lines.find((l) => l.code === 'EKB_UTBETALT');
    expect(placements?.volume?.slice(0, 9)).toEqual([31, 28, 31, 30, 31, 30, 31, 3, null]);
    expect(payments?.volume?.slice(0, 9)).toEqual([20, 20, 20, 20, 20, 20, 20, 20, null]);
    const row = reports.line.rows.find((r) => r.code === 'IFO_FAMILJEHEM');
    expect(row?.volume?.actualYtd).toBe(31 + 28 + 31 + 30 + 31 + 30 + 31 + 3);
  });

  it('refuses actuals of another period', async () => {
    const { computeMonthlySeries } = await import('./compute-monthly-series');
    const { budgetAsOf } = await import('../../budgets');
    const { testBudget } = await import('../../rounds/testing/fake-report-source');
    expect(() =>
      computeMonthlySeries({
        budget: budgetAsOf(testBudget(), '2023-08-31'),
        knownAt: request.knownAt,
        actuals: { year: 2023, asOf: '2023-07-31', knownAt: request.knownAt, keys: [] },
      }),
    ).toThrow(RangeError);
  });
});
