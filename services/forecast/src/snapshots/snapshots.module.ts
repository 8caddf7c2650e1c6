import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { ForecastingModule } from '../forecasting/forecasting.module';
import { ProjectionsModule } from '../projections/projections.module';
import { MonthEndScheduler } from './month-end/month-end-scheduler';
import { SnapshotOutboxRelay } from './publishing/snapshot-outbox-relay';
import { SnapshotsController } from './snapshots.controller';
import { SnapshotsRepository } from './snapshots.repository';
import { SNAPSHOT_IDS, SnapshotTaker } from './taking-snapshot/snapshot-taker';

/** Forecast snapshots: on demand and at each month end, stored immutably and published (outbox). */
@Module({
  imports: [ForecastingModule, ProjectionsModule],
  controllers: [SnapshotsController],
  providers: [
    SnapshotsRepository,
    SnapshotTaker,
    SnapshotOutboxRelay,
    MonthEndScheduler,
    { provide: SNAPSHOT_IDS, useValue: () => randomUUID() },
  ],
})
export class SnapshotsModule {}
