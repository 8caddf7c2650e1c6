// The budget event store against real PostgreSQL: exact round trip of the events, optimistic
// concurrency on (year, seq), one stream per year.
import { BUDGET_EVENT_STORE, BudgetConcurrencyError, type BudgetEventStore } from './budget-event-store';
import { aBudget, aLine, anAdjustment } from '../budget.builders';
import type { BudgetEvent } from '../budget';
import { sql, startReporting, type ReportingApp } from '../../../test/support/reporting-app';

let reporting: ReportingApp;
let store: BudgetEventStore;

beforeAll(async () => {
  reporting = await startReporting({ forecastUrl: 'http://127.0.0.1:9' });
  store = reporting.app.get(BUDGET_EVENT_STORE);
});
afterAll(async () => {
  await reporting?.close();
});

const recorded = { recordedAt: '2023-01-02T08:00:00.000Z', recordedBy: 'karin.controller' };
const adopted = (year: number): BudgetEvent => ({
  type: 'BudgetAdopted',
  data: {
    year,
    budget: aBudget({
      year,
      label: 'Nämndsbudget — åäö ÅÄÖ "citat" \\ snedstreck',
      lines: [
        aLine({
          code: 'L1',
          profile: [0.085, '0.085', 0.083, 0.083, 0.083, 0.083, 0.083, 0.083, 0.083, 0.083, 0.083, 0.083],
        }),
        aLine({
          code: 'L2',
          annualBudget: '-620000.00',
          volume: { unit: 'HUSHALLSMANADER', annual: 1736.5 },
        }),
      ],
    }),
    ...recorded,
  },
});
const adjusted = (year: number, id: string): BudgetEvent => ({
  type: 'BudgetAdjusted',
  data: { year, adjustment: anAdjustment({ adjustmentId: id, decidedOn: `${year}-06-01` }), ...recorded },
});

describe('PostgresBudgetEventStore', () => {
  it('has an empty stream at version 0 for a year without a budget', async () => {
    expect(await store.load(2040)).toEqual({ events: [], version: 0 });
  });

  it('gives back exactly the events appended, in order, with the version', async () => {
    const events = [adopted(2041), adjusted(2041, 'A-1')];
    await store.append(2041, 0, events);
    await store.append(2041, 2, [adjusted(2041, 'A-2')]);
    const stream = await store.load(2041);
    expect(stream.version).toBe(3);
    expect(stream.events).toEqual([...events, adjusted(2041, 'A-2')]);
    const rows = await sql<{ seq: number; recorded_at: Date; recorded_by: string }>(
      `select seq, recorded_at, recorded_by from "${reporting.schema}".budget_events where year = 2041 order by seq`,
    );
    expect(rows.map((r) => [r.seq, r.recorded_at.toISOString(), r.recorded_by])).toEqual([
      [1, recorded.recordedAt, 'karin.controller'],
      [2, recorded.recordedAt, 'karin.controller'],
      [3, recorded.recordedAt, 'karin.controller'],
    ]);
  });

  it('refuses an append at a stale version and writes none of its events', async () => {
    await store.append(2042, 0, [adopted(2042)]);
    await expect(store.append(2042, 0, [adopted(2042), adjusted(2042, 'late')])).rejects.toBeInstanceOf(
      BudgetConcurrencyError,
    );
    expect((await store.load(2042)).version).toBe(1);
  });

  it('appends the events of one command all or none', async () => {
    await store.append(2047, 0, [adopted(2047)]);
    // Someone else's seq 3 makes the second of our two inserts fail after the first succeeded.
    await sql(
      `insert into "${reporting.schema}".budget_events (year, seq, type, payload, recorded_by) values (2047, 3, 'BudgetAdjusted', '{}', 'x')`,
    );
    await expect(store.append(2047, 1, [adjusted(2047, 'A'), adjusted(2047, 'B')])).rejects.toBeInstanceOf(
      BudgetConcurrencyError,
    );
    const seqs = await sql<{ seq: number }>(
      `select seq from "${reporting.schema}".budget_events where year = 2047 order by seq`,
    );
    expect(seqs.map((r) => r.seq)).toEqual([1, 3]);
  });

  it('lets exactly one of concurrent appends at the same version through', async () => {
    await store.append(2043, 0, [adopted(2043)]);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => store.append(2043, 1, [adjusted(2043, `C-${i}`)])),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.map((r) => r.reason instanceof BudgetConcurrencyError)).toEqual(Array(5).fill(true));
    expect((await store.load(2043)).version).toBe(2);
  });

  it('keeps years apart', async () => {
    await store.append(2044, 0, [adopted(2044)]);
    await store.append(2045, 0, [adopted(2045)]);
    expect((await store.load(2044)).events).toEqual([adopted(2044)]);
    expect((await store.load(2045)).events).toEqual([adopted(2045)]);
  });

  it('refuses to fold a stream that was edited by hand', async () => {
    await store.append(2046, 0, [adopted(2046), adjusted(2046, 'A')]);
    await sql(`delete from "${reporting.schema}".budget_events where year = 2046 and seq = 1`);
    await expect(store.load(2046)).rejects.toThrow('budget_events of 2046 is damaged at seq 2');
  });
});
