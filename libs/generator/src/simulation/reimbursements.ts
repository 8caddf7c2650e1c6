import {
  bankDaysOfMonth,
  civilOf,
  formatDay,
  monthEnd,
  monthOfMonth,
  monthStart,
  type Day,
  type MonthIndex,
} from '../core/dates';
import { formatOre, oreFromSek, wholeKronor, type Ore } from '../core/money';
import type { Rng } from '../core/rng';
import { EVENT_TYPE, type Payer } from '../events';
import {
  FORALDRAAVGIFT_PER_MONTH,
  FORALDRAAVGIFT_RANGE,
  FORSAKRINGSKASSAN_MEAN,
  FORSAKRINGSKASSAN_PER_MONTH,
  MIGRATIONSVERKET_PER_DAY,
  REIMBURSEMENT_CATEGORY,
} from '../model/reimbursements';
import { batchTime, lateness, type SimContext } from './context';
import type { PlacementSpan } from './placements';

export class ReimbursementSimulation {
  constructor(
    private readonly ctx: SimContext,
    private readonly unaccompanied: readonly PlacementSpan[],
  ) {}

  step(mi: MonthIndex): void {
    const rng = this.ctx.rng.fork('reimbursements').fork(mi);
    const days = bankDaysOfMonth(mi);
    // February, May, August, November: the quarter that ended two months ago is paid.
    if (monthOfMonth(mi) % 3 === 2) {
      const from = monthStart(mi - 4);
      const to = monthEnd(mi - 2);
      const careDays = this.unaccompanied.reduce(
        (sum, p) => sum + Math.max(0, Math.min(to, p.endDay) - Math.max(from, p.startDay) + 1),
        0,
      );
      if (careDays > 0) {
        const receivedOn = days.filter((d) => civilOf(d).day >= 5 && civilOf(d).day <= 25);
        this.receive(
          rng,
          rng.pick(receivedOn),
          careDays * MIGRATIONSVERKET_PER_DAY * 100,
          'MIGRATIONSVERKET',
          REIMBURSEMENT_CATEGORY.ensamkommande,
        );
      }
    }
    for (let i = rng.poisson(FORSAKRINGSKASSAN_PER_MONTH * this.ctx.scale); i > 0; i--) {
      const amount = Math.max(50_000, oreFromSek(rng.lognormalMean(FORSAKRINGSKASSAN_MEAN, 0.9)));
      this.receive(
        rng,
        rng.pick(days),
        amount,
        'FORSAKRINGSKASSAN',
        REIMBURSEMENT_CATEGORY.ekonomisktBistand,
      );
    }
    for (let i = rng.poisson(FORALDRAAVGIFT_PER_MONTH * this.ctx.scale); i > 0; i--) {
      const amount = wholeKronor(rng.uniform(FORALDRAAVGIFT_RANGE[0], FORALDRAAVGIFT_RANGE[1]));
      this.receive(rng, rng.pick(days), amount, 'ANNAN', REIMBURSEMENT_CATEGORY.foraldraavgift);
    }
  }

  private receive(rng: Rng, receivedOn: Day, amount: Ore, payer: Payer, category: string): void {
    const reimbursementId = this.ctx.ids.reimbursement();
    this.ctx.sink.emit({
      type: EVENT_TYPE.reimbursementReceived,
      subject: reimbursementId,
      data: {
        reimbursementId,
        receivedOn: formatDay(receivedOn),
        amount: formatOre(amount),
        payer,
        category,
      },
      business: receivedOn,
      time: batchTime(rng, receivedOn + 1) + lateness(rng, 0.05, 3, 15),
    });
  }
}
