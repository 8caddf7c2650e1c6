import type { ForecastAdjustment } from './forecast-adjustment';
import type { ForecastAdjustmentStore } from './forecast-adjustment-store';

export class InMemoryForecastAdjustmentStore implements ForecastAdjustmentStore {
  private readonly rows: ForecastAdjustment[] = [];

  async add(adjustment: Omit<ForecastAdjustment, 'id'>): Promise<ForecastAdjustment> {
    const stored = { id: String(this.rows.length + 1), ...adjustment };
    this.rows.push(stored);
    return stored;
  }

  async list(year: number): Promise<readonly ForecastAdjustment[]> {
    return this.rows.filter((row) => row.year === year);
  }
}
