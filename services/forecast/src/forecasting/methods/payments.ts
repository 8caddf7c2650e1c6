import { fitSeasonalTrend, type SeasonalTrendOptions } from './seasonal-trend';
import { points, remainderOfMonth, remainingMonths, type SeriesView } from './series';

/*
 * Payments (SPEC §7). Disbursed components: households a month × cost per household, each with
 * its trend and the seasonal profile of the earlier years; repayments and reimbursements: the
 * amount itself the same way. Without an earlier year: the recent run rate (the mean of the
 * last complete months).
 */

export interface SeriesParameters {
  readonly households: SeasonalTrendOptions;
  readonly costPerHousehold: SeasonalTrendOptions;
  readonly amount: SeasonalTrendOptions;
  /** Complete months the recent run rate averages. */
  readonly recentMonths: number;
}

export interface MonthForecast {
  /** 1–12. */
  readonly month: number;
  /** Expected net öre still to come in the month (all of it after asOf's month). */
  readonly amountOre: number;
  /** Expected households still to come in the month (households × cost keys). */
  readonly households?: number;
  readonly costPerHouseholdOre?: number;
}

export interface SeriesForecast {
  readonly method: string;
  readonly remainingOre: number;
  /** Hushållsmånader still to come, or null for keys without a volume. */
  readonly remainingVolume: number | null;
  readonly months: readonly MonthForecast[];
  /** Yearly change of the level(s) the forecast carries forward, e.g. households −9 %. */
  readonly trendPerYear?: { readonly households?: number; readonly costPerHousehold?: number; readonly amount?: number };
}

export const METHODS = {
  householdsTimesCost: 'payments.households-x-cost',
  seasonalTrend: 'payments.seasonal-trend',
  recentRunRate: 'payments.recent-run-rate',
  lastYearPattern: 'ledger.last-year-pattern',
  runRate: 'run-rate',
  placements: 'placements.commitments+inflow',
} as const;

/** Disbursed components of a category: households × cost per household. */
export function forecastHouseholdsTimesCost(view: SeriesView, parameters: SeriesParameters): SeriesForecast | null {
  const remaining = remainingMonths(view);
  if (view.history.length > 0) {
    const households = points(view, (m) => m.volume);
    const cost = points(view, (m) => (m.volume > 0 ? Number(m.amountOre) / m.volume : m.amountOre === 0n ? 0 : null));
    const fitH = households && fitSeasonalTrend(households.history, households.recent, parameters.households);
    const fitC = cost && fitSeasonalTrend(cost.history, cost.recent, parameters.costPerHousehold);
    if (fitH && fitC) {
      let remainingOre = 0;
      let remainingVolume = 0;
      const months: MonthForecast[] = remaining.map(({ index, t, partial }) => {
        const h = fitH.predict(t);
        const c = fitC.predict(t);
        const amount = partial ? remainderOfMonth(h * c, Number(view.current[index].amountOre)) : h * c;
        const volume = partial ? Math.max(0, h - view.current[index].volume) : h;
        remainingOre += amount;
        remainingVolume += volume;
        return { month: index + 1, amountOre: amount, households: volume, costPerHouseholdOre: c };
      });
      return {
        method: METHODS.householdsTimesCost,
        remainingOre,
        remainingVolume,
        months,
        trendPerYear: { households: fitH.yearlyChange, costPerHousehold: fitC.yearlyChange },
      };
    }
  }
  return recentRunRate(view, parameters, true);
}

/** Repayments and reimbursements: the amount with its trend and seasonal profile. */
export function forecastAmountSeasonal(view: SeriesView, parameters: SeriesParameters): SeriesForecast | null {
  if (view.history.length > 0) {
    const historyTotal = view.history.reduce((sum, y) => sum + y.months.reduce((s, m) => s + m.amountOre, 0n), 0n);
    const sign = historyTotal < 0n ? -1 : 1;
    const amounts = points(view, (m) => sign * Number(m.amountOre));
    const fit = amounts && fitSeasonalTrend(amounts.history, amounts.recent, parameters.amount);
    if (fit) {
      let remainingOre = 0;
      const months: MonthForecast[] = remainingMonths(view).map(({ index, t, partial }) => {
        const expected = sign * fit.predict(t);
        const amount = partial ? remainderOfMonth(expected, Number(view.current[index].amountOre)) : expected;
        remainingOre += amount;
        return { month: index + 1, amountOre: amount };
      });
      return { method: METHODS.seasonalTrend, remainingOre, remainingVolume: null, months, trendPerYear: { amount: fit.yearlyChange } };
    }
  }
  return recentRunRate(view, parameters, false);
}

/**
 * The mean of the last complete months, for every month left; null without a complete month
 * (the caller falls back to the plain run rate).
 */
export function recentRunRate(view: SeriesView, parameters: SeriesParameters, withHouseholds: boolean): SeriesForecast | null {
  const complete = view.period.completeMonths;
  if (complete === 0) return null;
  const from = Math.max(0, complete - parameters.recentMonths);
  let amount = 0;
  let households = 0;
  for (let i = from; i < complete; i++) {
    amount += Number(view.current[i].amountOre);
    households += view.current[i].volume;
  }
  const n = complete - from;
  const perMonth = amount / n;
  const householdsPerMonth = households / n;
  let remainingOre = 0;
  let remainingVolume = 0;
  const months: MonthForecast[] = remainingMonths(view).map(({ index, partial }) => {
    const a = partial ? remainderOfMonth(perMonth, Number(view.current[index].amountOre)) : perMonth;
    const h = partial ? Math.max(0, householdsPerMonth - view.current[index].volume) : householdsPerMonth;
    remainingOre += a;
    remainingVolume += h;
    return withHouseholds
      ? { month: index + 1, amountOre: a, households: h, costPerHouseholdOre: householdsPerMonth > 0 ? perMonth / householdsPerMonth : 0 }
      : { month: index + 1, amountOre: a };
  });
  return { method: METHODS.recentRunRate, remainingOre, remainingVolume: withHouseholds ? remainingVolume : null, months };
}
