import { classificationKeyId, classificationKeys } from '@ramprognos/contracts';
import type { DataSource } from 'typeorm';
import { rateOn } from '../placement-days/placement-days';
import { type ActualsQuery, placementsAsKnown } from './actuals-by-key-and-month';

export interface ActivePlacement {
  readonly placementId: string;
  readonly key: string;
  readonly startDate: string;
  readonly plannedEndDate: string | null;
  /** The daily rate in force on asOf, öre. */
  readonly dailyRateOre: bigint;
}

/** Placements in care on asOf as known at knownAt (started, not ended before asOf), with their rate that day. */
export async function activePlacements(db: DataSource, q: ActualsQuery): Promise<ActivePlacement[]> {
  const known = await placementsAsKnown(db, q);
  return known
    .filter((p) => p.endDate === null || p.endDate >= q.asOf)
    .map((p) => ({
      placementId: p.placementId,
      key: classificationKeyId(classificationKeys.placement(p.placementType, p.regi, p.targetGroup)),
      startDate: p.startDate,
      plannedEndDate: p.plannedEndDate,
      dailyRateOre: rateOn(p, q.asOf),
    }))
    .sort((a, b) => a.placementId.localeCompare(b.placementId));
}

export interface CaseCountsByMonth {
  readonly month: string;
  /** e.g. opened.EKONOMISKT_BISTAND, decided.ATERKRAV, closed.ARBETE → count. */
  readonly counts: Readonly<Record<string, number>>;
  /** Sum of the ÅTERKRAV claims decided that month, öre. */
  readonly aterkravOre: bigint;
  /** Sum of housingAboveNorm of the payments disbursed that month, öre. */
  readonly housingAboveNormOre: bigint;
}

/** Case openings by case type, decisions by type, closings by reason, and boende above norm, per month. */
export async function caseCountsByMonth(db: DataSource, q: ActualsQuery): Promise<CaseCountsByMonth[]> {
  const params = [q.generation, `${q.year}-01-01`, q.asOf, q.knownAt];
  const counts: { month: string; label: string; n: number; amount: string | null }[] = await db.query(
    `select to_char(business_date, 'YYYY-MM') as month,
            kind || '.' || coalesce(case when kind = 'opened' then case_type else detail end, 'OKAND') as label,
            count(*)::int as n, sum(amount_ore)::text as amount
       from case_events
      where generation = $1 and business_date between $2 and $3 and known_at <= $4
      group by 1, 2`,
    params,
  );
  const housing: { month: string; amount: string }[] = await db.query(
    `select to_char(paid_on, 'YYYY-MM') as month, sum(housing_above_norm_ore)::text as amount
       from payments
      where generation = $1 and paid_on between $2 and $3 and known_at <= $4 and housing_above_norm_ore is not null
      group by 1`,
    params,
  );
  const months = new Map<string, { counts: Record<string, number>; aterkravOre: bigint; housingAboveNormOre: bigint }>();
  const month = (m: string) => {
    let entry = months.get(m);
    if (!entry) months.set(m, (entry = { counts: {}, aterkravOre: 0n, housingAboveNormOre: 0n }));
    return entry;
  };
  for (const row of counts) {
    const entry = month(row.month);
    entry.counts[row.label] = row.n;
    if (row.label === 'decided.ATERKRAV' && row.amount !== null) entry.aterkravOre += BigInt(row.amount);
  }
  for (const row of housing) month(row.month).housingAboveNormOre += BigInt(row.amount);
  return [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([m, v]) => ({ month: m, ...v }));
}
