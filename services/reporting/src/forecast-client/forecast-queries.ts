import type { ActualsResponse, HouseholdsByLine } from '../reports/budget-deviation';
import type { ForecastsAnswer, Snapshot, SnapshotSummary } from './forecast-responses';

/** One report's knowledge point (SPEC §6). */
export interface ReportPeriod {
  readonly year: number;
  readonly asOf: string;
  readonly knownAt: string;
}

/**
 * The forecast service as the reports see it (docs/forecast-query-api.md). `authorization` is
 * the caller's own `Authorization` header: reporting asks on behalf of its user. Absent optional
 * endpoints (the forecast engine, snapshots) answer `null`; an unreachable or misbehaving
 * forecast service is an error (503/502), never an empty report.
 */
export interface ForecastQueries {
  actuals(period: ReportPeriod, authorization: string | undefined): Promise<ActualsResponse>;
  households(
    period: ReportPeriod,
    groups: Readonly<Record<string, readonly string[]>>,
    authorization: string | undefined,
  ): Promise<HouseholdsByLine>;
  forecasts(period: ReportPeriod, authorization: string | undefined): Promise<ForecastsAnswer | null>;
  snapshots(year: number, authorization: string | undefined): Promise<readonly SnapshotSummary[] | null>;
  snapshot(id: string, authorization: string | undefined): Promise<Snapshot | null>;
  /** The forecast service's own `GET /v1/status` (open). */
  status(): Promise<unknown>;
}

export const FORECAST_QUERIES = Symbol('FORECAST_QUERIES');
