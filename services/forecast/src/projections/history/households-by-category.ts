import type { DataSource } from 'typeorm';
import type { ActualsQuery } from '../actuals/actuals-by-key-and-month';

/**
 * The question: per component category and month, how many distinct households had a disbursed
 * payment with a component of that category (paid 1 January .. asOf, known at knownAt) — the
 * HUSHALLSMANADER volume of each payments category key (SPEC §5), all categories in one pass.
 */
export async function householdsByCategoryAndMonth(
  db: Pick<DataSource, 'query'>,
  q: ActualsQuery,
): Promise<Map<string, Map<string, number>>> {
  const rows: { category: string; month: string; households: number }[] = await db.query(
    `select c.category, to_char(p.paid_on, 'YYYY-MM') as month, count(distinct p.household_id)::int as households
       from payments p cross join lateral unnest(p.categories) as c(category)
      where p.generation = $1 and p.paid_on between $2 and $3 and p.known_at <= $4
      group by 1, 2`,
    [q.generation, `${q.year}-01-01`, q.asOf, q.knownAt],
  );
  const result = new Map<string, Map<string, number>>();
  for (const r of rows) {
    let months = result.get(r.category);
    if (!months) result.set(r.category, (months = new Map()));
    months.set(r.month, r.households);
  }
  return result;
}
