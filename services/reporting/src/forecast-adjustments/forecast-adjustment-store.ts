import type { ForecastAdjustment } from './forecast-adjustment';

/** Append-only: judgements are revised by recording a new one, so any past report stays reproducible. */
export interface ForecastAdjustmentStore {
  add(adjustment: Omit<ForecastAdjustment, 'id'>): Promise<ForecastAdjustment>;
  /** The year's adjustments in recording order. */
  list(year: number): Promise<readonly ForecastAdjustment[]>;
}

export const FORECAST_ADJUSTMENT_STORE = Symbol('FORECAST_ADJUSTMENT_STORE');
