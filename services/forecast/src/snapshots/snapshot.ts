import { EVENT_TYPES, TOPICS, validateEvents, type ForecastPublished } from '@ramprognos/contracts';
import type { Forecast } from '../forecasting/engine/forecast';
import { toForecastResponse, toPublishedData, type ForecastResponse } from '../forecasting/querying-forecast/forecast-response';

/** Who or what took a snapshot: a user on demand, or the month-end schedule. */
export type SnapshotOccasion = 'on-demand' | 'month-end';

/** The CloudEvents source of what the forecast service publishes. */
export const FORECAST_SOURCE = 'urn:ramprognos:forecast';

export interface NewSnapshot {
  readonly snapshotId: string;
  readonly year: number;
  readonly asOf: string;
  readonly knownAt: string;
  readonly occasion: SnapshotOccasion;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly generation: number;
  readonly totalActualYtd: bigint;
  readonly totalForecast: bigint;
  /** The forecast document exactly as GET /v1/forecasts serves it; its bytes are the snapshot. */
  readonly body: string;
  readonly event: ForecastPublished;
}

/**
 * A forecast made into an immutable snapshot and its se.socialtjanst.forecast.published.v1 event
 * (Kafka key: the subject `forecast-<year>`, so one year's snapshots stay in order). The event is
 * checked against the contract here, so a snapshot that could not be published is never stored.
 */
export function newSnapshot(args: {
  readonly forecast: Forecast;
  readonly snapshotId: string;
  readonly occasion: SnapshotOccasion;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly generation: number;
}): NewSnapshot {
  const { forecast } = args;
  const event = {
    specversion: '1.0',
    id: args.snapshotId,
    source: FORECAST_SOURCE,
    type: EVENT_TYPES.forecastPublished,
    time: args.createdAt.toISOString(),
    subject: `forecast-${forecast.year}`,
    datacontenttype: 'application/json',
    data: toPublishedData(forecast),
  };
  const validated = validateEvents([event], { form: 'published', allowedTypes: [EVENT_TYPES.forecastPublished] });
  if (!validated.ok) throw new Error(`forecast.published does not meet its contract: ${JSON.stringify(validated.errors.slice(0, 3))}`);
  const body: ForecastResponse = toForecastResponse(forecast);
  return {
    snapshotId: args.snapshotId,
    year: forecast.year,
    asOf: forecast.asOf,
    knownAt: forecast.knownAt,
    occasion: args.occasion,
    createdAt: args.createdAt.toISOString(),
    createdBy: args.createdBy,
    generation: args.generation,
    totalActualYtd: forecast.total.actualYtd,
    totalForecast: forecast.total.forecastFullYear,
    body: JSON.stringify(body),
    event: event as ForecastPublished,
  };
}

export const FORECASTS_TOPIC = TOPICS.forecasts;

/** Per key, the forecast's change since an earlier snapshot's (keys in either; a missing one counts as 0). */
export function changeSince(
  current: ForecastResponse,
  previous: ForecastResponse,
): { total: string; keys: { key: string; forecastFullYear: string; previous: string; change: string }[] } {
  const before = new Map(previous.keys.map((k) => [k.key, BigInt(k.forecastFullYear)]));
  const now = new Map(current.keys.map((k) => [k.key, BigInt(k.forecastFullYear)]));
  const keys = [...new Set([...before.keys(), ...now.keys()])].sort().map((key) => {
    const a = now.get(key) ?? 0n;
    const b = before.get(key) ?? 0n;
    return { key, forecastFullYear: a.toString(), previous: b.toString(), change: (a - b).toString() };
  });
  return {
    total: (BigInt(current.total.forecastFullYear) - BigInt(previous.total.forecastFullYear)).toString(),
    keys: keys.filter((k) => k.change !== '0'),
  };
}
