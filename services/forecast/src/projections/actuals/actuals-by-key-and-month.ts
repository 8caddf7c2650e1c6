import { classificationKeyId, classificationKeys } from '@ramprognos/contracts';
import { toEpochDay } from '@ramprognos/calendar';
import type { DataSource } from 'typeorm';
import { type PlacementAsKnown, careDaysByMonth } from '../placement-days/placement-days';

/** The question: net actual cost and care days per classification key and month, SPEC §6. */
export interface ActualsQuery {
  readonly generation: number;
  readonly year: number;
  /** Last business date counted (inclusive). */
  readonly asOf: string;
  /** Only events with `time` ≤ knownAt count (ISO instant). */
  readonly knownAt: string;
}

export interface MonthActual {
  readonly month: string;
  readonly amountOre: bigint;
  readonly careDays: number;
}

export type ActualsByKey = Map<string, Map<string, MonthActual>>;

function add(result: ActualsByKey, key: string, month: string, amountOre: bigint, careDays = 0): void {
  let months = result.get(key);
  if (!months) result.set(key, (months = new Map()));
  const current = months.get(month);
  months.set(month, {
    month,
    amountOre: (current?.amountOre ?? 0n) + amountOre,
    careDays: (current?.careDays ?? 0) + careDays,
  });
}

interface SumRow {
  readonly month: string;
  readonly amount: string;
}

/**
 * Reads the facts of one (year, asOf, knownAt) and sums them per key and month. Placements are
 * priced in code (their day ledger), everything else in SQL.
 */
export async function actualsByKeyAndMonth(db: DataSource, q: ActualsQuery): Promise<ActualsByKey> {
  const from = `${q.year}-01-01`;
  const params = [q.generation, from, q.asOf, q.knownAt];
  const result: ActualsByKey = new Map();

  const disbursed: (SumRow & { category: string })[] = await db.query(
    `select c.category, to_char(p.paid_on, 'YYYY-MM') as month, sum(c.amount)::text as amount
       from payments p cross join lateral unnest(p.categories, p.component_ore) as c(category, amount)
      where p.generation = $1 and p.paid_on between $2 and $3 and p.known_at <= $4
      group by 1, 2`,
    params,
  );
  for (const r of disbursed) add(result, classificationKeyId(classificationKeys.paymentComponent(r.category)), r.month, BigInt(r.amount));

  // A reversal counts once both it and its payment are known (SPEC §6), on reversedOn.
  const reversed: (SumRow & { category: string })[] = await db.query(
    `select c.category, to_char(r.reversed_on, 'YYYY-MM') as month, sum(c.amount)::text as amount
       from payment_reversals r
       join payments p on p.generation = r.generation and p.payment_id = r.payment_id
       cross join lateral unnest(p.categories, p.component_ore) as c(category, amount)
      where r.generation = $1 and r.reversed_on between $2 and $3 and r.known_at <= $4 and p.known_at <= $4
      group by 1, 2`,
    params,
  );
  for (const r of reversed) add(result, classificationKeyId(classificationKeys.paymentComponent(r.category)), r.month, -BigInt(r.amount));

  const repaid: (SumRow & { category: string })[] = await db.query(
    `select category, to_char(received_on, 'YYYY-MM') as month, sum(amount_ore)::text as amount
       from repayments
      where generation = $1 and received_on between $2 and $3 and known_at <= $4
      group by 1, 2`,
    params,
  );
  for (const r of repaid) add(result, classificationKeyId(classificationKeys.repayment(r.category)), r.month, -BigInt(r.amount));

  const reimbursed: (SumRow & { payer: string; category: string })[] = await db.query(
    `select payer, category, to_char(received_on, 'YYYY-MM') as month, sum(amount_ore)::text as amount
       from reimbursements
      where generation = $1 and received_on between $2 and $3 and known_at <= $4
      group by 1, 2, 3`,
    params,
  );
  for (const r of reimbursed) {
    add(result, classificationKeyId(classificationKeys.reimbursement(r.payer, r.category)), r.month, -BigInt(r.amount));
  }

  const booked: (SumRow & { account: string; responsibility: string | null; activity: string | null })[] = await db.query(
    `select account, responsibility, activity, to_char(booked_on, 'YYYY-MM') as month, sum(amount_ore)::text as amount
       from ledger_postings
      where generation = $1 and booked_on between $2 and $3 and known_at <= $4
      group by 1, 2, 3, 4`,
    params,
  );
  for (const r of booked) {
    const key = classificationKeys.ledger(r.account, r.responsibility ?? undefined, r.activity ?? undefined);
    add(result, classificationKeyId(key), r.month, BigInt(r.amount));
  }

  for (const placement of await placementsAsKnown(db, q)) {
    const key = classificationKeyId(classificationKeys.placement(placement.placementType, placement.regi, placement.targetGroup));
    for (const m of careDaysByMonth(placement, toEpochDay(from), toEpochDay(q.asOf))) {
      add(result, key, m.month, m.costOre, m.careDays);
    }
  }
  return result;
}

export interface KnownPlacement extends PlacementAsKnown {
  readonly placementId: string;
  readonly placementType: string;
  readonly regi: string;
  readonly targetGroup: string;
  readonly plannedEndDate: string | null;
  /** UTC date on which the start became known (its event's `time`). */
  readonly registeredOn: string;
}

interface PlacementRecord {
  placement_id: string;
  placement_type: string;
  regi: string;
  target_group: string;
  start_date: string;
  planned_end_date: string | null;
  registered_on: string;
  daily_rate_ore: string;
  end_date: string | null;
  rate_changes: { effective_from: string; daily_rate_ore: string; known_at: string; event_id: string }[] | null;
}

/**
 * Placements as known at knownAt that may have care days in [1 January, asOf]: the start, the
 * rate changes and the latest-known end, each only if known by then.
 */
export async function placementsAsKnown(db: DataSource, q: ActualsQuery): Promise<KnownPlacement[]> {
  const records: PlacementRecord[] = await db.query(
    `select p.placement_id, p.placement_type, p.regi, p.target_group,
            to_char(p.start_date, 'YYYY-MM-DD') as start_date,
            to_char(p.planned_end_date, 'YYYY-MM-DD') as planned_end_date,
            to_char(p.known_at at time zone 'UTC', 'YYYY-MM-DD') as registered_on,
            p.daily_rate_ore::text as daily_rate_ore,
            to_char(e.end_date, 'YYYY-MM-DD') as end_date,
            rc.rate_changes
       from placements p
       left join lateral (
              select end_date from placement_ends pe
               where pe.generation = p.generation and pe.placement_id = p.placement_id and pe.known_at <= $4
               order by pe.known_at desc, pe.event_id desc limit 1) e on true
       left join lateral (
              select json_agg(json_build_object(
                       'effective_from', to_char(effective_from, 'YYYY-MM-DD'),
                       'daily_rate_ore', daily_rate_ore::text,
                       'known_at', known_at, 'event_id', source || ' ' || event_id)) as rate_changes
                from placement_rate_changes r
               where r.generation = p.generation and r.placement_id = p.placement_id and r.known_at <= $4) rc on true
      where p.generation = $1 and p.known_at <= $4 and p.start_date <= $3
        and (e.end_date is null or e.end_date >= $2)`,
    [q.generation, `${q.year}-01-01`, q.asOf, q.knownAt],
  );
  return records.map((r) => ({
    placementId: r.placement_id,
    placementType: r.placement_type,
    regi: r.regi,
    targetGroup: r.target_group,
    startDate: r.start_date,
    endDate: r.end_date,
    plannedEndDate: r.planned_end_date,
    registeredOn: r.registered_on,
    dailyRateOre: BigInt(r.daily_rate_ore),
    rateChanges: (r.rate_changes ?? []).map((c) => ({
      effectiveFrom: c.effective_from,
      dailyRateOre: BigInt(c.daily_rate_ore),
      knownAtMs: Date.parse(c.known_at),
      eventKey: c.event_id,
    })),
  }));
}

/** Distinct households per month with a disbursed payment on any of the given component categories. */
export async function householdsByMonth(
  db: DataSource,
  q: ActualsQuery,
  categories: readonly string[],
): Promise<Map<string, number>> {
  if (categories.length === 0) return new Map();
  const rows: { month: string; households: number }[] = await db.query(
    `select to_char(paid_on, 'YYYY-MM') as month, count(distinct household_id)::int as households
       from payments
      where generation = $1 and paid_on between $2 and $3 and known_at <= $4 and categories && $5::text[]
      group by 1`,
    [q.generation, `${q.year}-01-01`, q.asOf, q.knownAt, categories],
  );
  return new Map(rows.map((r) => [r.month, r.households]));
}
