import {
  bankDayOnOrAfter,
  bankDayOnOrBefore,
  bankDaysOfMonth,
  civilOf,
  dayOf,
  formatDay,
  formatYearMonth,
  monthStart,
  type Day,
  type Instant,
  type MonthIndex,
} from '../core/dates';
import { formatOre, oreFromSek, wholeKronor, type Ore } from '../core/money';
import { syntheticPersonnummer } from '../core/personnummer';
import type { Rng } from '../core/rng';
import { EVENT_TYPE, type ClosingReason, type RepaymentCategory } from '../events';
import {
  ATERBETALNING_PER_HOUSEHOLD_MONTH,
  ATERKRAV_PER_HOUSEHOLD_MONTH,
  drawHouseholdProfile,
  emergencyComponents,
  exitHazard,
  householdsTarget,
  latePaymentShare,
  monthlyComponents,
  POLISANMALAN_SHARE,
  REENTRY_SHARE,
  REJECTED_APPLICANT_SHARE,
  REVERSAL_SHARE,
  SUPPLEMENTARY_PER_HOUSEHOLD_MONTH,
  supplementaryComponents,
  type Components,
  type HouseholdProfile,
} from '../model/ekonomiskt-bistand';
import { batchTime, lateness, officeTime, type SimContext } from './context';

const UNITS = ['EB-INNERSTADEN', 'EB-NORR', 'EB-OSTER', 'EB-SODER', 'EB-VASTER'] as const;

const CLOSING_REASONS: readonly (readonly [ClosingReason, number])[] = [
  ['ARBETE', 0.33],
  ['STUDIER', 0.09],
  ['ANNAN_ERSATTNING', 0.27],
  ['FLYTT', 0.12],
  ['OVRIGT', 0.19],
];

interface Household {
  readonly householdId: string;
  caseId: string;
  profile: HouseholdProfile;
  /** Months with bistånd so far on the current case. */
  tenure: number;
  active: boolean;
  /** Set in the month the case opens: the first payment waits for the decision. */
  decidedOn: Day | null;
  closedIn: MonthIndex;
}

interface Debt {
  readonly household: Household;
  readonly caseId: string;
  balance: Ore;
  readonly installment: Ore;
  readonly firstMonth: MonthIndex;
}

/** Stationary distribution of months on bistånd for households already there when data begins. */
function tenureTable(): number[] {
  const weights: number[] = [];
  let survival = 1;
  for (let t = 1; t <= 120; t++) {
    weights.push(survival);
    survival *= 1 - exitHazard(t);
  }
  return weights;
}

/**
 * Ekonomiskt bistånd: households enter and leave so that the number with bistånd tracks the
 * model's target each benefit month; each gets a monthly payment (early in the month or late
 * in the month before), sometimes a supplementary one; a few payments are reversed; återkrav
 * decisions lead to repayments in instalments.
 */
export class EkonomisktBistandSimulation {
  private readonly active: Household[] = [];
  private closed: Household[] = [];
  private debts: Debt[] = [];

  constructor(private readonly ctx: SimContext) {}

  private get rngRoot(): Rng {
    return this.ctx.rng.fork('ekonomiskt-bistand');
  }

  /** Households already on bistånd in the first benefit month, as an initial load. */
  load(firstMonth: MonthIndex): void {
    const rng = this.rngRoot.fork('load');
    const target = Math.round(householdsTarget(firstMonth, this.ctx.scale));
    const table = tenureTable().map((w, i) => [i + 1, w] as const);
    for (let i = 0; i < target; i++) {
      const tenure = rng.weighted(table);
      const firstBenefit = firstMonth - tenure;
      const openedOn = bankDayOnOrAfter(monthStart(firstBenefit) - 15 + rng.int(0, 20));
      const household: Household = {
        householdId: this.ctx.ids.household(),
        caseId: this.ctx.ids.next('EKB', 7),
        profile: drawHouseholdProfile(rng),
        tenure,
        active: true,
        decidedOn: null,
        closedIn: 0,
      };
      this.emitOpened(rng, household, openedOn, this.ctx.load.next(), true);
      this.active.push(household);
    }
  }

  /** Benefit month `mi`: exits, entries, payments, decisions and repayments. */
  step(mi: MonthIndex, firstMonth: MonthIndex): void {
    const rng = this.rngRoot.fork(mi);
    if (mi > firstMonth) this.turnover(rng, mi);
    for (const household of this.active) this.pay(rng, household, mi);
    this.collectDebts(rng, mi);
  }

  // ---------------------------------------------------------------- entries and exits

  private turnover(rng: Rng, mi: MonthIndex): void {
    // Households gone for three years come back as new ones, if at all.
    if (this.closed.length > 0 && this.closed[0].closedIn < mi - 36) {
      this.closed = this.closed.filter((household) => household.closedIn >= mi - 36);
    }
    const survivors: Household[] = [];
    for (const household of this.active) {
      if (rng.chance(exitHazard(household.tenure))) this.close(rng, household, mi);
      else survivors.push(household);
    }
    const target = Math.max(0, Math.round(householdsTarget(mi, this.ctx.scale) * rng.uniform(0.995, 1.005)));
    // More left than the season allows (autumn): the surplus leaves too.
    rng.shuffleInPlace(survivors);
    while (survivors.length > target) this.close(rng, survivors.pop() as Household, mi);
    this.active.length = 0;
    this.active.push(...survivors);
    const entries = target - survivors.length;
    for (let i = 0; i < entries; i++) this.active.push(this.open(rng, mi));
    const rejected = rng.poisson(entries * REJECTED_APPLICANT_SHARE);
    for (let i = 0; i < rejected; i++) this.reject(rng, mi);
  }

  private close(rng: Rng, household: Household, mi: MonthIndex): void {
    const days = bankDaysOfMonth(mi);
    const closedOn = days[rng.int(0, Math.min(14, days.length - 1))];
    const reason = rng.weighted(CLOSING_REASONS);
    this.ctx.sink.emit({
      type: EVENT_TYPE.caseClosed,
      subject: household.caseId,
      data: { caseId: household.caseId, closedOn: formatDay(closedOn), reason },
      business: closedOn,
      time: officeTime(rng, closedOn) + lateness(rng, 0.06, 3, 20),
    });
    household.active = false;
    household.closedIn = mi;
    this.closed.push(household);
  }

  private open(rng: Rng, mi: MonthIndex): Household {
    const household = this.reenter(rng, mi) ?? {
      householdId: this.ctx.ids.household(),
      caseId: '',
      profile: drawHouseholdProfile(rng),
      tenure: 0,
      active: true,
      decidedOn: null,
      closedIn: 0,
    };
    household.caseId = this.ctx.ids.next('EKB', 7);
    household.tenure = 0;
    household.active = true;
    const openedOn = bankDayOnOrAfter(
      Math.max(this.ctx.options.firstDay, monthStart(mi) - 15 + rng.int(0, 23)),
    );
    const openedAt = this.emitOpened(rng, household, openedOn, officeTime(rng, openedOn), false);
    if (rng.chance(0.08)) {
      // Nödbistånd the same or the next day, before the application is decided.
      const paidOn = bankDayOnOrAfter(openedOn + rng.int(0, 1));
      this.disburse(rng, household, mi, paidOn, emergencyComponents(rng), openedAt, true);
    }
    const decidedOn = bankDayOnOrAfter(openedOn + rng.int(1, 8));
    this.decide(rng, household.caseId, 'BEVILJAT', decidedOn);
    household.decidedOn = decidedOn;
    return household;
  }

  /** Households come back: a new case for a household that left some months ago. */
  private reenter(rng: Rng, mi: MonthIndex): Household | null {
    if (!rng.chance(REENTRY_SHARE) || this.closed.length === 0) return null;
    const start = rng.int(0, this.closed.length - 1);
    for (let k = 0; k < Math.min(50, this.closed.length); k++) {
      const i = (start + k) % this.closed.length;
      const candidate = this.closed[i];
      if (candidate.closedIn <= mi - 2 && candidate.closedIn >= mi - 36) {
        this.closed.splice(i, 1);
        candidate.profile = { ...candidate.profile, normShare: rng.uniform(0.3, 0.95) };
        return candidate;
      }
    }
    return null;
  }

  /** An applicant who is refused: opened, avslag, closed. */
  private reject(rng: Rng, mi: MonthIndex): void {
    const household: Household = {
      householdId: this.ctx.ids.household(),
      caseId: this.ctx.ids.next('EKB', 7),
      profile: drawHouseholdProfile(rng),
      tenure: 0,
      active: false,
      decidedOn: null,
      closedIn: mi,
    };
    const openedOn = bankDayOnOrAfter(
      Math.max(this.ctx.options.firstDay, monthStart(mi) - 10 + rng.int(0, 30)),
    );
    this.emitOpened(rng, household, openedOn, officeTime(rng, openedOn), false);
    const decidedOn = bankDayOnOrAfter(openedOn + rng.int(3, 12));
    const decidedAt = this.decide(rng, household.caseId, 'AVSLAG', decidedOn);
    const closedOn = bankDayOnOrAfter(decidedOn + rng.int(0, 5));
    this.ctx.sink.emit({
      type: EVENT_TYPE.caseClosed,
      subject: household.caseId,
      data: { caseId: household.caseId, closedOn: formatDay(closedOn), reason: 'OVRIGT' },
      business: closedOn,
      time: Math.max(officeTime(rng, closedOn), decidedAt + 60),
    });
  }

  private emitOpened(
    rng: Rng,
    household: Household,
    openedOn: Day,
    time: Instant,
    initial: boolean,
  ): Instant {
    const { year } = civilOf(openedOn);
    const withPersonnummer = rng.chance(0.6);
    const personnummer = withPersonnummer
      ? syntheticPersonnummer(rng, dayOf(1950, 1, 1), dayOf(year - 19, 12, 31))
      : undefined;
    const unit = rng.chance(0.9) ? rng.pick(UNITS) : undefined;
    this.ctx.sink.emit({
      type: EVENT_TYPE.caseOpened,
      subject: household.caseId,
      data: {
        caseId: household.caseId,
        householdId: household.householdId,
        caseType: 'EKONOMISKT_BISTAND',
        openedOn: formatDay(openedOn),
        ...(unit === undefined ? {} : { unit }),
        adults: household.profile.adults,
        children: household.profile.children,
        ...(personnummer === undefined ? {} : { personnummer }),
      },
      business: openedOn,
      time,
      initial,
    });
    return time;
  }

  private decide(
    rng: Rng,
    caseId: string,
    decisionType: 'BEVILJAT' | 'AVSLAG' | 'ATERKRAV' | 'POLISANMALAN',
    decidedOn: Day,
    amount?: Ore,
  ): Instant {
    const time = officeTime(rng, decidedOn);
    this.ctx.sink.emit({
      type: EVENT_TYPE.caseDecided,
      subject: caseId,
      data: {
        caseId,
        decisionId: this.ctx.ids.decision(),
        decisionType,
        decidedOn: formatDay(decidedOn),
        ...(amount === undefined ? {} : { amount: formatOre(amount) }),
      },
      business: decidedOn,
      time,
    });
    return time;
  }

  // ---------------------------------------------------------------- payments

  private pay(rng: Rng, household: Household, mi: MonthIndex): void {
    const firstMonth = household.decidedOn !== null;
    let paidOn: Day;
    if (household.decidedOn !== null) {
      paidOn = bankDayOnOrAfter(household.decidedOn + rng.int(1, 2));
      household.decidedOn = null;
    } else if (rng.chance(latePaymentShare(mi))) {
      const before = bankDaysOfMonth(mi - 1);
      paidOn = before[before.length - 1 - rng.int(0, 3)];
    } else {
      paidOn = bankDaysOfMonth(mi)[rng.int(0, 4)];
    }
    this.disburse(rng, household, mi, paidOn, monthlyComponents(household.profile, mi, rng), 0, true);
    household.tenure++;
    // The first month is the application itself; extra decisions come later.
    if (firstMonth) return;

    if (rng.chance(SUPPLEMENTARY_PER_HOUSEHOLD_MONTH)) {
      const days = bankDaysOfMonth(mi).filter((d) => {
        const dom = civilOf(d).day;
        return dom >= 8 && dom <= 25;
      });
      const supplementaryOn = rng.pick(days);
      const decidedAt = this.decide(
        rng,
        household.caseId,
        'BEVILJAT',
        bankDayOnOrBefore(supplementaryOn - rng.int(0, 2)),
      );
      this.disburse(rng, household, mi, supplementaryOn, supplementaryComponents(rng), decidedAt, true);
    }
    if (rng.chance(0.03)) this.decide(rng, household.caseId, 'AVSLAG', rng.pick(bankDaysOfMonth(mi)));
    if (rng.chance(ATERKRAV_PER_HOUSEHOLD_MONTH)) this.claim(rng, household, mi);
    if (rng.chance(ATERBETALNING_PER_HOUSEHOLD_MONTH)) {
      const receivedOn = rng.pick(bankDaysOfMonth(mi));
      const amount = Math.max(20_000, oreFromSek(rng.lognormalMean(3_000, 0.8)));
      this.repay(rng, household.householdId, household.caseId, receivedOn, amount, 'ATERBETALNING');
    }
  }

  private disburse(
    rng: Rng,
    household: Household,
    mi: MonthIndex,
    paidOn: Day,
    components: Components,
    notBefore: Instant,
    mayReverse: boolean,
  ): void {
    const paymentId = this.ctx.ids.payment();
    const amount = components.parts.reduce((sum, [, ore]) => sum + ore, 0);
    const time = Math.max(batchTime(rng, paidOn) + lateness(rng, 0.01, 1, 4), notBefore + 60);
    this.ctx.sink.emit({
      type: EVENT_TYPE.paymentDisbursed,
      subject: household.householdId,
      data: {
        paymentId,
        caseId: household.caseId,
        householdId: household.householdId,
        paidOn: formatDay(paidOn),
        benefitMonth: formatYearMonth(mi),
        amount: formatOre(amount),
        components: components.parts.map(([category, ore]) => ({ category, amount: formatOre(ore) })),
        ...(components.housingAboveNorm === null
          ? {}
          : { housingAboveNorm: formatOre(components.housingAboveNorm) }),
      },
      business: paidOn,
      time,
    });
    // A payment made before the data begins is never reversed in it: the reversal would wait
    // forever for a payment that never comes. (Not `until`: what is drawn must not depend on it.)
    if (!mayReverse || !rng.chance(REVERSAL_SHARE) || paidOn < this.ctx.options.firstDay) return;

    const reversedOn = bankDayOnOrAfter(paidOn + rng.int(1, 10));
    const reversedAt = Math.max(officeTime(rng, reversedOn), time + 3600);
    this.ctx.sink.emit({
      type: EVENT_TYPE.paymentReversed,
      subject: household.householdId,
      data: { paymentId, reversedOn: formatDay(reversedOn) },
      business: reversedOn,
      time: reversedAt,
      // Now and then the reversal reaches the stream before the payment it cancels.
      ...(rng.chance(0.1) ? { emitBefore: time } : {}),
    });
    if (rng.chance(0.6)) {
      // A corrected payment replaces the reversed one.
      const corrected = components.parts.map(
        ([category, ore]) => [category, Math.round(ore * rng.uniform(0.85, 1.05))] as const,
      );
      const housing = corrected.find(([category]) => category === 'BOENDE')?.[1] ?? 0;
      const aboveNorm =
        components.housingAboveNorm === null ? null : Math.min(components.housingAboveNorm, housing);
      this.disburse(
        rng,
        household,
        mi,
        bankDayOnOrAfter(reversedOn + rng.int(0, 3)),
        { parts: corrected, housingAboveNorm: aboveNorm },
        reversedAt,
        false,
      );
    }
  }

  // ---------------------------------------------------------------- återkrav and repayments

  private claim(rng: Rng, household: Household, mi: MonthIndex): void {
    const decidedOn = rng.pick(bankDaysOfMonth(mi));
    const amount = wholeKronor(Math.min(150_000, Math.max(500, rng.lognormalMean(9_000, 0.9))));
    this.decide(rng, household.caseId, 'ATERKRAV', decidedOn, amount);
    if (rng.chance(POLISANMALAN_SHARE)) {
      this.decide(rng, household.caseId, 'POLISANMALAN', bankDayOnOrAfter(decidedOn + rng.int(3, 20)));
    }
    this.debts.push({
      household,
      caseId: household.caseId,
      balance: amount,
      installment: wholeKronor(rng.uniform(300, 1_500)),
      firstMonth: mi + 1,
    });
  }

  private collectDebts(rng: Rng, mi: MonthIndex): void {
    const open: Debt[] = [];
    for (const debt of this.debts) {
      if (debt.firstMonth > mi) {
        open.push(debt);
        continue;
      }
      if (rng.chance(0.02)) continue; // stops paying; the claim is written off
      if (rng.chance(debt.household.active ? 0.7 : 0.45)) {
        const amount = Math.min(debt.balance, debt.installment);
        const days = bankDaysOfMonth(mi);
        const receivedOn = days[Math.max(0, days.length - 1 - rng.int(0, 6))];
        this.repay(rng, debt.household.householdId, debt.caseId, receivedOn, amount, 'ATERKRAV');
        debt.balance -= amount;
      }
      if (debt.balance > 0) open.push(debt);
    }
    this.debts = open;
  }

  private repay(
    rng: Rng,
    householdId: string,
    caseId: string,
    receivedOn: Day,
    amount: Ore,
    category: RepaymentCategory,
  ): void {
    const repaymentId = this.ctx.ids.repayment();
    this.ctx.sink.emit({
      type: EVENT_TYPE.paymentRepaid,
      subject: householdId,
      data: {
        repaymentId,
        caseId,
        householdId,
        receivedOn: formatDay(receivedOn),
        amount: formatOre(amount),
        category,
      },
      business: receivedOn,
      time: batchTime(rng, receivedOn + 1) + lateness(rng, 0.02, 1, 6),
    });
  }
}
