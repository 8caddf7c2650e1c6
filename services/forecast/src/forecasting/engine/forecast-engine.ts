import { daysInMonth, toEpochDay } from '@ramprognos/calendar';
import { divRoundHalfAwayFromZero } from '@ramprognos/money';
import { bandHalfWidth, type MethodFamily } from '../methods/band';
import { forecastLedgerPattern } from '../methods/ledger';
import { METHODS, forecastAmountSeasonal, forecastHouseholdsTimesCost, type SeriesForecast } from '../methods/payments';
import { forecastPlacements, type PlacementKeyForecast } from '../methods/placements';
import { runRateFullYear } from '../methods/run-rate';
import { actualYtd, lateArrivals, seriesView, volumeYtd, type LateArrivals } from '../methods/series';
import { inputAsOfEarlierYear, outcomeOf } from './earlier-input';
import type { Forecast, ForecastTotals, KeyExplanation, KeyForecast, VolumeUnit } from './forecast';
import type { ForecastInput } from './forecast-input';
import { ENGINE_PARAMETERS, type EngineParameters } from './parameters';
import { periodOf, type Period } from './period';
import { roundOre, roundVolume } from './rounding';

/**
 * The full-year forecast per classification key (SPEC §7): actual so far + the rest of the year
 * by the key's method, its volume and unit cost, the run rate beside it, and a band from the
 * method's own errors on earlier years. Pure: the same input gives the same forecast, to the bit.
 */
export function forecastYear(input: ForecastInput, parameters: EngineParameters = ENGINE_PARAMETERS): Forecast {
  const core = forecastCore(input, parameters);
  const errors = backTestErrors(input, parameters);
  const keys: KeyForecast[] = core.map((k) => {
    const keyErrors = errors.get(k.key) ?? [];
    const half = roundOre(
      bandHalfWidth({
        forecastOre: Number(k.forecastFullYear),
        remainingOre: Number(k.forecastFullYear - k.actualYtd),
        lateOre: k.lateEvents?.expectedOre ?? 0,
        errors: keyErrors,
        family: k.family,
        parameters: parameters.band,
      }),
    );
    return {
      key: k.key,
      actualYtd: k.actualYtd,
      forecastFullYear: k.forecastFullYear,
      low: k.forecastFullYear - half,
      high: k.forecastFullYear + half,
      method: k.method,
      volume: k.volume,
      unitCost:
        k.volume !== null && k.volume.forecastFullYear > 0
          ? divRoundHalfAwayFromZero(k.forecastFullYear, BigInt(k.volume.forecastFullYear))
          : null,
      baseline: { runRate: k.runRate },
      band: { basis: keyErrors.length > 0 ? 'back-test' : 'default', backTestErrors: keyErrors },
      lateEvents: k.lateEvents,
      explanation: k.explanation,
    };
  });
  const byStream = {
    payments: totals(keys.filter((k) => k.key.startsWith('payments|'))),
    placements: totals(keys.filter((k) => k.key.startsWith('placements|'))),
    ledger: totals(keys.filter((k) => k.key.startsWith('ledger|'))),
  };
  return {
    year: input.year,
    asOf: input.asOf,
    knownAt: input.knownAt,
    historyYears: input.historyYears,
    keys,
    total: totals(keys),
    byStream,
  };
}

interface CoreForecast {
  readonly key: string;
  readonly family: MethodFamily;
  readonly method: string;
  readonly actualYtd: bigint;
  readonly forecastFullYear: bigint;
  readonly runRate: bigint;
  readonly volume: KeyForecast['volume'];
  readonly lateEvents: LateArrivals | null;
  readonly explanation: KeyExplanation;
}

/** Every key's forecast without its band. */
export function forecastCore(input: ForecastInput, parameters: EngineParameters): CoreForecast[] {
  const period = periodOf(input.asOf);
  if (period.year !== input.year) throw new RangeError(`asOf ${input.asOf} is not in ${input.year}`);
  const seriesByKey = new Map(input.keys.map((k) => [k.key, k]));
  const windowStart = `${input.historyYears.length > 0 ? input.historyYears[0] : input.year}-01-01`;
  const placements = forecastPlacements(
    input.placements,
    { asOf: input.asOf, knownAt: input.knownAt, historyYears: input.historyYears, windowStart, yearEnd: `${input.year}-12-31` },
    parameters.placements,
  );
  const keys = [...new Set([...seriesByKey.keys(), ...placements.keys()])].sort();
  const closingIndex = stillClosing(input, period, parameters.ledger.closingDays);
  const result: CoreForecast[] = [];
  for (const key of keys) {
    const view = seriesView(seriesByKey.get(key), input.year, input.historyYears, period);
    const actual = actualYtd(view);
    const runRate = runRateFullYear(actual, input.asOf);
    const volumeActual = volumeYtd(view);
    const lateOfKey = lateArrivals(view, LATE_MAX_RATIO);
    const runRateForecast = (unit: VolumeUnit | null): CoreForecast => ({
      key,
      family: 'run-rate',
      method: METHODS.runRate,
      actualYtd: actual,
      forecastFullYear: runRate,
      runRate,
      volume: unit === null ? null : { unit, actualYtd: volumeActual, forecastFullYear: runRateVolume(volumeActual, input.asOf) },
      lateEvents: null,
      explanation: { kind: 'run-rate' },
    });
    const fromSeries = (family: MethodFamily, s: SeriesForecast | null, unit: VolumeUnit | null, lateHandled = false): CoreForecast => {
      const late = lateHandled ? null : lateOfKey;
      const lateOre = late === null ? 0 : late.expectedOre;
      const lateVolume = late === null ? 0 : late.expectedVolume;
      return s === null
        ? runRateForecast(unit)
        : {
            key,
            family,
            method: s.method,
            actualYtd: actual,
            forecastFullYear: actual + roundOre(s.remainingOre + lateOre),
            runRate,
            volume:
              unit === null || s.remainingVolume === null
                ? null
                : { unit, actualYtd: volumeActual, forecastFullYear: fullYearVolume(volumeActual, s.remainingVolume, lateVolume) },
            lateEvents: late,
            explanation: { kind: 'series', months: s.months, ...(s.trendPerYear ? { trendPerYear: s.trendPerYear } : {}) },
          };
    };

    let forecast: CoreForecast;
    if (key.startsWith('placements|')) {
      const p = placements.get(key) ?? NO_PLACEMENTS;
      forecast = {
        key,
        family: 'placements',
        method: METHODS.placements,
        actualYtd: actual,
        forecastFullYear: actual + p.exactRemainingOre + roundOre(p.expectedRemainingOre + (lateOfKey?.expectedOre ?? 0)),
        runRate,
        volume: {
          unit: 'VARDDYGN',
          actualYtd: volumeActual,
          forecastFullYear: fullYearVolume(volumeActual, p.remainingDays, lateOfKey?.expectedVolume ?? 0),
        },
        lateEvents: lateOfKey,
        explanation: { kind: 'placements', parts: p.explanation },
      };
    } else if (key.startsWith('payments|category=')) {
      forecast = fromSeries('payments', forecastHouseholdsTimesCost(view, parameters.series), 'HUSHALLSMANADER');
    } else if (key.startsWith('payments|')) {
      forecast = fromSeries('payments', forecastAmountSeasonal(view, parameters.series), null);
    } else {
      const ledger = forecastLedgerPattern(view, parameters.ledger, closingIndex);
      forecast = fromSeries('ledger', ledger, null, ledger !== null && ledger.closingMonth !== null);
    }
    if (forecast.actualYtd === 0n && forecast.forecastFullYear === 0n) continue;
    result.push(forecast);
  }
  return result;
}

/** Per key: the relative errors of the method re-run as of the same day of earlier years. */
function backTestErrors(input: ForecastInput, parameters: EngineParameters): Map<string, number[]> {
  const errors = new Map<string, number[]>();
  const seriesByKey = new Map(input.keys.map((k) => [k.key, k]));
  for (let back = 1; back <= parameters.band.backTestYears; back++) {
    const year = input.year - back;
    if (!input.historyYears.includes(year) || !input.historyYears.includes(year - 1)) continue;
    for (const k of forecastCore(inputAsOfEarlierYear(input, back), parameters)) {
      const series = seriesByKey.get(k.key);
      if (series === undefined) continue;
      const outcome = Number(outcomeOf(series, year));
      if (outcome === 0) continue;
      const list = errors.get(k.key) ?? [];
      list.push((outcome - Number(k.forecastFullYear)) / Math.abs(outcome));
      errors.set(k.key, list);
    }
  }
  return errors;
}

/** Index of the last complete month if it was still being closed at knownAt, else null. */
function stillClosing(input: ForecastInput, period: Period, closingDays: number): number | null {
  if (period.completeMonths === 0) return null;
  const lastComplete = period.completeMonths - 1;
  const closedOn = toEpochDay(`${input.year}-${String(lastComplete + 1).padStart(2, '0')}-01`) + daysInMonth(input.year, lastComplete + 1) - 1 + closingDays;
  const knownOn = toEpochDay(new Date(input.knownAt).toISOString().slice(0, 10));
  return knownOn < closedOn ? lastComplete : null;
}

/**
 * Volume so far + the rest of the year + the expected late volume, never below zero: late events
 * can take volume away (a placement's end registered late, last year scaled to this year) but not
 * more than is known this year — early in January that scaled correction alone could exceed it.
 */
export function fullYearVolume(volumeYtd: number, remaining: number, late: number): number {
  return roundVolume(volumeYtd + Math.max(0, remaining) + Math.max(late, -volumeYtd));
}

function runRateVolume(volumeYtd: number, asOf: string): number {
  const p = periodOf(asOf);
  return roundVolume((volumeYtd * 12 * p.daysInMonth) / ((p.month - 1) * p.daysInMonth + p.day));
}

function totals(keys: readonly KeyForecast[]): ForecastTotals {
  const t = { actualYtd: 0n, forecastFullYear: 0n, low: 0n, high: 0n, runRate: 0n };
  for (const k of keys) {
    t.actualYtd += k.actualYtd;
    t.forecastFullYear += k.forecastFullYear;
    t.low += k.low;
    t.high += k.high;
    t.runRate += k.baseline.runRate;
  }
  return t;
}

/** Late events are scaled by this year's level against last year's, if within this factor. */
const LATE_MAX_RATIO = 4;

const NO_PLACEMENTS: PlacementKeyForecast = {
  exactRemainingOre: 0n,
  expectedRemainingOre: 0,
  remainingDays: 0,
  explanation: {
    committed: { placements: 0, days: 0, costOre: 0n },
    continuing: { placements: 0, expectedDays: 0, expectedCostOre: 0, durationsFrom: 'key', endedStays: 0 },
    notYetRegistered: { expectedStarts: 0, expectedDays: 0, expectedCostOre: 0 },
    newPlacements: { startsLastWindow: 0, expectedStarts: 0, expectedDays: 0, typicalRateOre: 0, priceTrendPerYear: 0, expectedCostOre: 0 },
  },
};
