import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../forecasting/clock';
import { ForecastService } from '../../forecasting/querying-forecast/forecast.service';
import type { FactsQuery } from '../../forecasting/input/forecast-facts';
import { SnapshotOutboxRelay } from '../publishing/snapshot-outbox-relay';
import { newSnapshot, type SnapshotOccasion } from '../snapshot';
import { SnapshotsRepository, type SnapshotSummary } from '../snapshots.repository';

/** New snapshot ids, injected (a test may fix them). */
export const SNAPSHOT_IDS = Symbol('SNAPSHOT_IDS');
export type SnapshotIds = () => string;

/** Takes a snapshot: forecast now, store it with its event in the outbox, wake the relay. */
@Injectable()
export class SnapshotTaker {
  constructor(
    private readonly forecasts: ForecastService,
    private readonly snapshots: SnapshotsRepository,
    private readonly relay: SnapshotOutboxRelay,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SNAPSHOT_IDS) private readonly ids: SnapshotIds,
  ) {}

  /** The stored snapshot; for a month end that already had one, null (nothing new stored). */
  async take(period: FactsQuery, occasion: SnapshotOccasion, createdBy: string): Promise<SnapshotSummary | null> {
    const { forecast, generation } = await this.forecasts.forecast(period);
    const snapshot = newSnapshot({ forecast, snapshotId: this.ids(), occasion, createdAt: this.clock.now(), createdBy, generation });
    if (!(await this.snapshots.store(snapshot))) return null;
    void this.relay.wake();
    const stored = await this.snapshots.find(snapshot.snapshotId);
    if (stored === null) throw new Error(`snapshot ${snapshot.snapshotId} vanished after it was stored`);
    return stored.summary;
  }
}
