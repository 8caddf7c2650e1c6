import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { describeLag } from '@ramprognos/messaging';
import { KAFKA } from '@ramprognos/service-kit';
import type { Kafka } from 'kafkajs';
import { CLOCK, type Clock } from '../../forecasting/clock';
import { CONSUMED_TOPICS } from '../../projections/consumed-topics';
import { GenerationsRepository } from '../../projections/generations/generations.repository';
import { SnapshotTaker } from '../taking-snapshot/snapshot-taker';
import { SnapshotsRepository } from '../snapshots.repository';
import { dueMonthEnd } from './month-end-schedule';

/** How often the schedule looks at the clock. */
export const MONTH_END_CHECK_MS = 15_000;

/**
 * The automatic snapshot at each month end: as soon as a month has ended (UTC) and the
 * projections have caught up with the topics, the forecast as of its last day, known at that
 * moment, is stored and published. Idempotent per (year, asOf): a unique index lets one instance
 * win; a restart finds the snapshot there. A month missed while the service was down is taken
 * when it comes back (only the latest month end).
 */
@Injectable()
export class MonthEndScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MonthEndScheduler');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly taker: SnapshotTaker,
    private readonly snapshots: SnapshotsRepository,
    private readonly generations: GenerationsRepository,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), MONTH_END_CHECK_MS);
    this.timer.unref();
    setTimeout(() => void this.tick(), 1_000).unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One look at the clock; never rejects. */
  tick(): Promise<void> {
    this.running ??= this.check()
      .catch((error: unknown) => this.logger.warn(`month-end snapshot not taken yet: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async check(): Promise<void> {
    const now = this.clock.now();
    const due = dueMonthEnd(now);
    if (due === null || (await this.snapshots.monthEndExists(due.year, due.asOf))) return;
    const active = await this.generations.active();
    const lags = await describeLag(this.kafka, active.consumerGroup, CONSUMED_TOPICS);
    if (lags.some((p) => p.lag > 0)) return; // the projections are behind: knownAt = now would not hold yet
    const taken = await this.taker.take({ year: due.year, asOf: due.asOf, knownAt: now.toISOString() }, 'month-end', 'month-end-schedule');
    if (taken) this.logger.log(`month-end forecast snapshot ${taken.snapshotId} for ${due.asOf}`);
  }
}
