/*
 * The cumulative chart of a line or the total: actual through asOf against the periodised budget,
 * and from asOf the forecast path to the full-year forecast with its low–high band. The rest of
 * the year's forecast (forecast − actual so far) is spread over the remaining months like the
 * budget is (an even spread when the remaining budget is zero): the engine forecasts the full
 * year, not months, so this is a drawing rule, not a figure anyone reads off.
 */

export interface ChartInput {
  /** Periodised budget per month, öre. */
  readonly budget: readonly number[];
  /** Actual per month, öre; null after asOf's month. */
  readonly actual: readonly (number | null)[];
  readonly forecastFullYear: number | null;
  readonly forecastLow: number | null;
  readonly forecastHigh: number | null;
}

export interface ChartSeries {
  readonly budget: number[];
  readonly actual: (number | null)[];
  /** null before asOf's month; equals the actual at asOf's month. */
  readonly forecast: (number | null)[];
  readonly low: (number | null)[];
  readonly high: (number | null)[];
}

function cumulative(values: readonly number[]): number[] {
  let sum = 0;
  return values.map((v) => (sum += v));
}

export function chartSeries(input: ChartInput): ChartSeries {
  const budget = cumulative(input.budget);
  const last = input.actual.reduce<number>((l, v, i) => (v === null ? l : i), -1);
  const actualCum = cumulative(input.actual.map((v) => v ?? 0));
  const actual = actualCum.map((v, i) => (i <= last ? v : null));
  const start = last >= 0 ? actualCum[last] : 0;
  const remaining = input.budget.slice(last + 1);
  const remainingTotal = remaining.reduce((s, v) => s + v, 0);
  const shares = cumulative(remaining).map((c, k) =>
    remainingTotal !== 0 && remaining.every((v) => Math.sign(v) * Math.sign(remainingTotal) >= 0)
      ? c / remainingTotal
      : (k + 1) / remaining.length,
  );
  const path = (end: number | null): (number | null)[] =>
    input.budget.map((_, i) => {
      if (end === null || i < last || last < 0) return null;
      if (i === last) return start;
      return start + (end - start) * shares[i - last - 1];
    });
  return {
    budget,
    actual,
    forecast: path(input.forecastFullYear),
    low: path(input.forecastLow),
    high: path(input.forecastHigh),
  };
}
