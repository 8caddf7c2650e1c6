import { toEpochDay } from '@ramprognos/calendar';
import { classificationKeyId, classificationKeys, type PublishedEvent } from '@ramprognos/contracts';
import type { ActualsByKey, KnownPlacement } from '../../projections/actuals/actuals-by-key-and-month';
import { toProjectionRows, type ProjectionRows } from '../../projections/applying-events/projection-rows';
import { careDaysByMonth } from '../../projections/placement-days/placement-days';
import type { FactsQuery, ForecastFacts } from './forecast-facts';

/*
 * The projections' facts held in memory, answering the questions the SQL of projections/ answers,
 * by the same rules: the rows are made by the projections' own toProjectionRows; an event counts
 * once per (source, id); a reversal counts once both it and its payment are known; the
 * latest-known end of a placement wins. The back-test runs the engine on these, without a
 * database; forecasting.int-spec.ts checks that the service's answer is the same.
 */

interface Amount {
  readonly date: string;
  readonly knownAt: string;
  readonly key: string;
  readonly amountOre: bigint;
}

interface Payment {
  readonly paymentId: string;
  readonly householdId: string;
  readonly paidOn: string;
  readonly knownAt: string;
  readonly components: readonly { readonly key: string; readonly category: string; readonly amountOre: bigint }[];
}

interface Reversal {
  readonly paymentId: string;
  readonly reversedOn: string;
  readonly knownAt: string;
}

interface Placement {
  readonly placementId: string;
  readonly placementType: string;
  readonly regi: string;
  readonly targetGroup: string;
  readonly key: string;
  readonly startDate: string;
  readonly plannedEndDate: string | null;
  readonly dailyRateOre: bigint;
  readonly knownAt: string;
}

export class InMemoryFacts implements ForecastFacts {
  private readonly paymentsByYear = new Map<number, Payment[]>();
  private readonly paymentsById = new Map<string, Payment>();
  private readonly reversalsByYear = new Map<number, Reversal[]>();
  /** Repayments, reimbursements and ledger postings: one amount on one key each. */
  private readonly amountsByYear = new Map<number, Amount[]>();
  private readonly placementList: Placement[] = [];
  private readonly endsById = new Map<string, { endDate: string; knownAt: string; eventId: string }[]>();
  private readonly rateChangesById = new Map<string, ProjectionRows['rateChanges']>();

  /** From validated published events, in stream order; a repeated (source, id) counts once. */
  static fromEvents(events: readonly PublishedEvent[]): InMemoryFacts {
    const seen = new Set<string>();
    const distinct: PublishedEvent[] = [];
    for (const e of events) {
      const identity = `${e.source}\u0000${e.id}`;
      if (seen.has(identity)) continue;
      seen.add(identity);
      distinct.push(e);
    }
    return new InMemoryFacts(toProjectionRows(distinct));
  }

  constructor(rows: ProjectionRows) {
    const push = <T>(map: Map<number, T[]>, date: string, item: T) => {
      const year = Number(date.slice(0, 4));
      const list = map.get(year);
      if (list) list.push(item);
      else map.set(year, [item]);
    };
    for (const r of rows.payments) {
      const payment: Payment = {
        paymentId: r.payment_id,
        householdId: r.household_id,
        paidOn: r.paid_on,
        knownAt: r.known_at,
        components: r.categories.map((category, i) => ({
          key: classificationKeyId(classificationKeys.paymentComponent(category)),
          category,
          amountOre: BigInt(r.component_ore[i]),
        })),
      };
      this.paymentsById.set(payment.paymentId, payment);
      push(this.paymentsByYear, payment.paidOn, payment);
    }
    for (const r of rows.reversals) {
      push(this.reversalsByYear, r.reversed_on, { paymentId: r.payment_id, reversedOn: r.reversed_on, knownAt: r.known_at });
    }
    for (const r of rows.repayments) {
      push(this.amountsByYear, r.received_on, {
        date: r.received_on,
        knownAt: r.known_at,
        key: classificationKeyId(classificationKeys.repayment(r.category)),
        amountOre: -BigInt(r.amount_ore),
      });
    }
    for (const r of rows.reimbursements) {
      push(this.amountsByYear, r.received_on, {
        date: r.received_on,
        knownAt: r.known_at,
        key: classificationKeyId(classificationKeys.reimbursement(r.payer, r.category)),
        amountOre: -BigInt(r.amount_ore),
      });
    }
    const ledgerKeys = new Map<string, string>();
    for (const r of rows.ledger) {
      const fields = `${r.account}\u0000${r.responsibility ?? ''}\u0000${r.activity ?? ''}`;
      let key = ledgerKeys.get(fields);
      if (key === undefined) {
        key = classificationKeyId(classificationKeys.ledger(r.account, r.responsibility ?? undefined, r.activity ?? undefined));
        ledgerKeys.set(fields, key);
      }
      push(this.amountsByYear, r.booked_on, { date: r.booked_on, knownAt: r.known_at, key, amountOre: BigInt(r.amount_ore) });
    }
    for (const r of rows.placements) {
      this.placementList.push({
        placementId: r.placement_id,
        placementType: r.placement_type,
        regi: r.regi,
        targetGroup: r.target_group,
        key: classificationKeyId(classificationKeys.placement(r.placement_type, r.regi, r.target_group)),
        startDate: r.start_date,
        plannedEndDate: r.planned_end_date,
        dailyRateOre: BigInt(r.daily_rate_ore),
        knownAt: r.known_at,
      });
    }
    for (const r of rows.placementEnds) {
      const list = this.endsById.get(r.placement_id) ?? [];
      list.push({ endDate: r.end_date, knownAt: r.known_at, eventId: r.event_id });
      this.endsById.set(r.placement_id, list);
    }
    for (const r of rows.rateChanges) {
      const list = this.rateChangesById.get(r.placement_id) ?? [];
      list.push(r);
      this.rateChangesById.set(r.placement_id, list);
    }
  }

  async actuals(q: FactsQuery): Promise<ActualsByKey> {
    const from = `${q.year}-01-01`;
    const knownAt = instant(q.knownAt);
    const result: ActualsByKey = new Map();
    const add = (key: string, month: string, amountOre: bigint, careDays = 0) => {
      let months = result.get(key);
      if (!months) result.set(key, (months = new Map()));
      const current = months.get(month);
      months.set(month, { month, amountOre: (current?.amountOre ?? 0n) + amountOre, careDays: (current?.careDays ?? 0) + careDays });
    };
    for (const p of this.paymentsByYear.get(q.year) ?? []) {
      if (p.paidOn > q.asOf || p.knownAt > knownAt) continue;
      for (const c of p.components) add(c.key, p.paidOn.slice(0, 7), c.amountOre);
    }
    for (const r of this.reversalsByYear.get(q.year) ?? []) {
      if (r.reversedOn > q.asOf || r.knownAt > knownAt) continue;
      const payment = this.paymentsById.get(r.paymentId);
      if (payment === undefined || payment.knownAt > knownAt) continue;
      for (const c of payment.components) add(c.key, r.reversedOn.slice(0, 7), -c.amountOre);
    }
    for (const a of this.amountsByYear.get(q.year) ?? []) {
      if (a.date > q.asOf || a.knownAt > knownAt) continue;
      add(a.key, a.date.slice(0, 7), a.amountOre);
    }
    for (const placement of await this.placements(q)) {
      const key = classificationKeyId(classificationKeys.placement(placement.placementType, placement.regi, placement.targetGroup));
      for (const m of careDaysByMonth(placement, toEpochDay(from), toEpochDay(q.asOf))) add(key, m.month, m.costOre, m.careDays);
    }
    return result;
  }

  async households(q: FactsQuery): Promise<Map<string, Map<string, number>>> {
    const knownAt = instant(q.knownAt);
    const sets = new Map<string, Map<string, Set<string>>>();
    for (const p of this.paymentsByYear.get(q.year) ?? []) {
      if (p.paidOn > q.asOf || p.knownAt > knownAt) continue;
      const month = p.paidOn.slice(0, 7);
      for (const c of p.components) {
        let months = sets.get(c.category);
        if (!months) sets.set(c.category, (months = new Map()));
        let households = months.get(month);
        if (!households) months.set(month, (households = new Set()));
        households.add(p.householdId);
      }
    }
    const result = new Map<string, Map<string, number>>();
    for (const [category, months] of sets) result.set(category, new Map([...months].map(([month, set]) => [month, set.size])));
    return result;
  }

  async placements(q: FactsQuery): Promise<KnownPlacement[]> {
    const from = `${q.year}-01-01`;
    const knownAt = instant(q.knownAt);
    const result: KnownPlacement[] = [];
    for (const p of this.placementList) {
      if (p.knownAt > knownAt || p.startDate > q.asOf) continue;
      let end: { endDate: string; knownAt: string; eventId: string } | null = null;
      for (const e of this.endsById.get(p.placementId) ?? []) {
        if (e.knownAt > knownAt) continue;
        if (end === null || e.knownAt > end.knownAt || (e.knownAt === end.knownAt && e.eventId > end.eventId)) end = e;
      }
      if (end !== null && end.endDate < from) continue;
      result.push({
        placementId: p.placementId,
        placementType: p.placementType,
        regi: p.regi,
        targetGroup: p.targetGroup,
        startDate: p.startDate,
        endDate: end?.endDate ?? null,
        plannedEndDate: p.plannedEndDate,
        registeredOn: instant(p.knownAt).slice(0, 10),
        dailyRateOre: p.dailyRateOre,
        rateChanges: (this.rateChangesById.get(p.placementId) ?? [])
          .filter((c) => c.known_at <= knownAt)
          .map((c) => ({
            effectiveFrom: c.effective_from,
            dailyRateOre: BigInt(c.daily_rate_ore),
            knownAtMs: Date.parse(c.known_at),
            eventKey: `${c.source} ${c.event_id}`,
          })),
      });
    }
    return result;
  }
}

/** The projections compare knowledge times as instants; ISO strings in UTC compare the same way. */
function instant(time: string): string {
  return new Date(time).toISOString();
}
