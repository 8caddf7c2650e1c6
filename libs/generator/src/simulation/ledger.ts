import {
  bankDayOnOrBefore,
  bankDaysOfMonth,
  formatDay,
  monthEnd,
  monthStart,
  type Day,
  type Instant,
  type MonthIndex,
} from '../core/dates';
import { formatOre, splitOre, type Ore } from '../core/money';
import type { Rng } from '../core/rng';
import { EVENT_TYPE } from '../events';
import { plannedLedger, type PlannedPosting } from '../model/ledger';
import { lateness, nightAfter, officeTime, type SimContext } from './context';

/** The ledger month by month: each planned amount with its noise, booked the way it is in practice. */
export class LedgerSimulation {
  constructor(private readonly ctx: SimContext) {}

  step(mi: MonthIndex): void {
    const rng = this.ctx.rng.fork('ledger').fork(mi);
    for (const planned of plannedLedger(mi, this.ctx.scale)) {
      const amount = Math.round(planned.expected * rng.uniform(1 - planned.noise, 1 + planned.noise));
      if (amount === 0) continue;
      this.book(rng, mi, planned, amount);
      if (planned.account === '5111' && rng.chance(0.03)) {
        // A salary correction after the month's payroll run: a negative cost on the same account.
        const correction = -Math.max(1, Math.round(amount * rng.uniform(0.005, 0.02)));
        const bookedOn = monthEnd(mi);
        this.post(
          planned,
          bookedOn,
          correction,
          'Rättelse månadslön',
          officeTime(rng, bookedOn + rng.int(2, 12)),
        );
      }
    }
  }

  private book(rng: Rng, mi: MonthIndex, planned: PlannedPosting, amount: Ore): void {
    const days = bankDaysOfMonth(mi);
    switch (planned.booking) {
      case 'salary': {
        const bookedOn = bankDayOnOrBefore(monthStart(mi) + 24);
        this.post(
          planned,
          bookedOn,
          amount,
          planned.text,
          nightAfter(rng, bookedOn) + lateness(rng, 0.03, 2, 10),
        );
        return;
      }
      case 'monthEnd': {
        // Accruals are booked on the last day but only exported when the period is closed.
        const bookedOn = monthEnd(mi);
        this.post(planned, bookedOn, amount, planned.text, officeTime(rng, bookedOn + rng.int(3, 10)));
        return;
      }
      case 'first':
        this.post(
          planned,
          days[0],
          amount,
          planned.text,
          nightAfter(rng, days[0]) + lateness(rng, 0.05, 3, 20),
        );
        return;
      case 'mid': {
        const bookedOn = days[Math.min(days.length - 1, rng.int(7, 12))];
        this.post(
          planned,
          bookedOn,
          amount,
          planned.text,
          nightAfter(rng, bookedOn) + lateness(rng, 0.05, 3, 20),
        );
        return;
      }
      case 'invoices': {
        const n = rng.int(2, 6);
        const parts =
          amount > 0
            ? splitOre(
                amount,
                Array.from({ length: n }, () => rng.uniform(0.3, 1)),
              )
            : splitOre(
                -amount,
                Array.from({ length: n }, () => rng.uniform(0.3, 1)),
              ).map((p) => -p);
        for (const part of parts) {
          if (part === 0) continue;
          const bookedOn = rng.pick(days);
          this.post(
            planned,
            bookedOn,
            part,
            planned.text,
            nightAfter(rng, bookedOn) + lateness(rng, 0.08, 5, 25),
          );
        }
        return;
      }
      case 'lump': {
        const bookedOn = rng.pick(days);
        this.post(
          planned,
          bookedOn,
          amount,
          planned.text,
          nightAfter(rng, bookedOn) + lateness(rng, 0.06, 5, 25),
        );
        return;
      }
    }
  }

  private post(planned: PlannedPosting, bookedOn: Day, amount: Ore, text: string, time: Instant): void {
    const postingId = this.ctx.ids.posting();
    this.ctx.sink.emit({
      type: EVENT_TYPE.ledgerPosted,
      subject: postingId,
      data: {
        postingId,
        bookedOn: formatDay(bookedOn),
        account: planned.account,
        responsibility: planned.responsibility,
        activity: planned.activity,
        amount: formatOre(amount),
        text,
      },
      business: bookedOn,
      time,
    });
  }
}
