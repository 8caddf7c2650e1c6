import type { ForecastPublishedData } from '@ramprognos/contracts';
import type { Forecast, ForecastTotals, KeyExplanation, KeyForecast } from '../engine/forecast';
import { roundOre } from '../engine/rounding';

/*
 * The engine's forecast as JSON (docs/forecast-query-api.md): öre as decimal integer strings
 * (JSON numbers lose precision above 2^53), volumes as numbers, and the statistics of the
 * explanation rounded (öre to the öre, days and households to a tenth, shares to 1e-4) so
 * that the document is small and its bytes depend on nothing but the input.
 */

export interface ForecastKeyJson {
  readonly key: string;
  readonly actualYtd: string;
  readonly forecastFullYear: string;
  readonly low: string;
  readonly high: string;
  readonly method: string;
  readonly volume: { readonly unit: string; readonly actualYtd: number; readonly forecastFullYear: number } | null;
  readonly unitCost: string | null;
  readonly baseline: { readonly runRate: string };
  readonly band: { readonly basis: string; readonly backTestErrors: readonly number[] };
  readonly lateEvents: { readonly lastYearLateOre: string; readonly ratio: number; readonly expectedOre: string } | null;
  readonly explanation: unknown;
}

export interface ForecastTotalsJson {
  readonly actualYtd: string;
  readonly forecastFullYear: string;
  readonly low: string;
  readonly high: string;
  readonly runRate: string;
}

export interface ForecastResponse {
  readonly year: number;
  readonly asOf: string;
  readonly knownAt: string;
  readonly currency: 'SEK';
  readonly unit: 'ore';
  readonly historyYears: readonly number[];
  readonly keys: readonly ForecastKeyJson[];
  readonly total: ForecastTotalsJson;
  readonly byStream: Readonly<Record<string, ForecastTotalsJson>>;
}

export function toForecastResponse(forecast: Forecast): ForecastResponse {
  return {
    year: forecast.year,
    asOf: forecast.asOf,
    knownAt: forecast.knownAt,
    currency: 'SEK',
    unit: 'ore',
    historyYears: [...forecast.historyYears],
    keys: forecast.keys.map(keyJson),
    total: totalsJson(forecast.total),
    byStream: {
      payments: totalsJson(forecast.byStream.payments),
      placements: totalsJson(forecast.byStream.placements),
      ledger: totalsJson(forecast.byStream.ledger),
    },
  };
}

/** The `data` of se.socialtjanst.forecast.published.v1: per key the figures, volume = full-year volume. */
export function toPublishedData(forecast: Forecast): ForecastPublishedData {
  return {
    year: forecast.year,
    asOf: forecast.asOf,
    knownAt: forecast.knownAt,
    keys: forecast.keys.map((k) => ({
      key: k.key,
      actualYtd: k.actualYtd.toString(),
      forecastFullYear: k.forecastFullYear.toString(),
      low: k.low.toString(),
      high: k.high.toString(),
      method: k.method,
      volume: k.volume === null ? null : Math.max(0, k.volume.forecastFullYear),
      unitCost: k.unitCost === null ? null : k.unitCost.toString(),
    })),
  };
}

function keyJson(k: KeyForecast): ForecastKeyJson {
  return {
    key: k.key,
    actualYtd: k.actualYtd.toString(),
    forecastFullYear: k.forecastFullYear.toString(),
    low: k.low.toString(),
    high: k.high.toString(),
    method: k.method,
    volume: k.volume === null ? null : { unit: k.volume.unit, actualYtd: k.volume.actualYtd, forecastFullYear: k.volume.forecastFullYear },
    unitCost: k.unitCost === null ? null : k.unitCost.toString(),
    baseline: { runRate: k.baseline.runRate.toString() },
    band: { basis: k.band.basis, backTestErrors: k.band.backTestErrors.map(share) },
    lateEvents:
      k.lateEvents === null
        ? null
        : { lastYearLateOre: k.lateEvents.lastYearLateOre.toString(), ratio: share(k.lateEvents.ratio), expectedOre: ore(k.lateEvents.expectedOre) },
    explanation: explanationJson(k.explanation),
  };
}

function explanationJson(e: KeyExplanation): unknown {
  switch (e.kind) {
    case 'run-rate':
      return { kind: e.kind };
    case 'series':
      return {
        kind: e.kind,
        months: e.months.map((m) => ({
          month: m.month,
          amountOre: ore(m.amountOre),
          ...(m.households === undefined ? {} : { households: tenth(m.households) }),
          ...(m.costPerHouseholdOre === undefined ? {} : { costPerHouseholdOre: ore(m.costPerHouseholdOre) }),
        })),
        ...(e.trendPerYear === undefined
          ? {}
          : { trendPerYear: Object.fromEntries(Object.entries(e.trendPerYear).map(([name, value]) => [name, share(value)])) }),
      };
    case 'placements': {
      const p = e.parts;
      return {
        kind: e.kind,
        committed: { placements: p.committed.placements, days: p.committed.days, costOre: p.committed.costOre.toString() },
        continuing: {
          placements: p.continuing.placements,
          expectedDays: tenth(p.continuing.expectedDays),
          expectedCostOre: ore(p.continuing.expectedCostOre),
          durationsFrom: p.continuing.durationsFrom,
          endedStays: p.continuing.endedStays,
        },
        notYetRegistered: {
          expectedStarts: tenth(p.notYetRegistered.expectedStarts),
          expectedDays: tenth(p.notYetRegistered.expectedDays),
          expectedCostOre: ore(p.notYetRegistered.expectedCostOre),
        },
        newPlacements: {
          startsLastWindow: p.newPlacements.startsLastWindow,
          expectedStarts: tenth(p.newPlacements.expectedStarts),
          expectedDays: tenth(p.newPlacements.expectedDays),
          typicalRateOre: ore(p.newPlacements.typicalRateOre),
          priceTrendPerYear: share(p.newPlacements.priceTrendPerYear),
          expectedCostOre: ore(p.newPlacements.expectedCostOre),
        },
      };
    }
  }
}

function totalsJson(t: ForecastTotals): ForecastTotalsJson {
  return {
    actualYtd: t.actualYtd.toString(),
    forecastFullYear: t.forecastFullYear.toString(),
    low: t.low.toString(),
    high: t.high.toString(),
    runRate: t.runRate.toString(),
  };
}

const ore = (value: number): string => roundOre(value).toString();
const tenth = (value: number): number => Math.round(value * 10) / 10;
const share = (value: number): number => Math.round(value * 10_000) / 10_000;
