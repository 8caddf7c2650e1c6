// Conformance: the report computed from per-key actuals (the shape the forecast service returns)
// reproduces every figure of test-fixtures/examples/expected.json, and agrees with the reference
// calculator (libs/testing) line by line and month by month.
import { fromEpochDay, toEpochDay } from '@ramprognos/calendar';
import { classificationKeyId, classificationKeys, type ClassificationKey } from '@ramprognos/contracts';
import { parseSek } from '@ramprognos/money';
import {
  computeReport,
  loadExampleFixtures,
  type ExpectedCase,
  type ReferenceEvent,
} from '@ramprognos/testing';
import { adoptedBudget } from '../../budgets/budget.builders';
import { UNCLASSIFIED_LINE } from '../../budgets';
import { classifyKeyIds, householdGroups } from '../../classification';
import { computeBudgetDeviation } from './compute-budget-deviation';
import type { ActualsResponse, HouseholdsByLine } from './inputs';
import { toBudgetDeviationResponse } from './response';

// ---------------------------------------------------------------- a test-only forecast stand-in

interface Booked {
  /** key id → `YYYY-MM` → net öre and care days, every business date ≤ asOf (earlier years too). */
  readonly byKey: Map<string, Map<string, { amount: bigint; careDays: number }>>;
  /** `YYYY-MM` → householdId → the component keys of its disbursed payments paid that month. */
  readonly households: Map<string, Map<string, Set<string>>>;
}

const str = (e: ReferenceEvent, field: string): string => e.data[field] as string;
const opt = (e: ReferenceEvent, field: string): string | undefined => e.data[field] as string | undefined;

/**
 * SPEC §6 per classification key and month, as the forecast service's /v1/actuals must answer:
 * dedup by (source, id), time ≤ knownAt, then time order; the first of a business id counts,
 * the latest placement end wins, a payment is reversed once and only when it is known;
 * placements cost the rate in force each day to min(end, asOf).
 */
function book(events: readonly ReferenceEvent[], asOf: string, knownAt: string | null): Booked {
  const limit = knownAt === null ? Infinity : Date.parse(knownAt);
  const seen = new Set<string>();
  const known = events
    .map((event, index) => ({ event, index, time: Date.parse(event.time) }))
    .filter(({ event, time }) => {
      const id = JSON.stringify([event.source, event.id]);
      const first = !seen.has(id);
      seen.add(id);
      return first && time <= limit;
    })
    .sort((a, b) => a.time - b.time || a.index - b.index);

  const byKey: Booked['byKey'] = new Map();
  const households: Booked['households'] = new Map();
  const last = toEpochDay(asOf);
  const post = (date: string, key: ClassificationKey, amount: bigint, careDays = 0): void => {
    if (toEpochDay(date) > last) return;
    const id = classificationKeyId(key);
    const months = byKey.get(id) ?? new Map<string, { amount: bigint; careDays: number }>();
    const cell = months.get(date.slice(0, 7)) ?? { amount: 0n, careDays: 0 };
    months.set(date.slice(0, 7), { amount: cell.amount + amount, careDays: cell.careDays + careDays });
    byKey.set(id, months);
  };
  const components = (payment: ReferenceEvent) =>
    (payment.data['components'] as { category: string; amount: string }[]).map((c) => ({
      key: classificationKeys.paymentComponent(c.category),
      amount: parseSek(c.amount),
    }));

  const firstOfId = new Set<string>();
  const counts = (e: ReferenceEvent, id: string): boolean => {
    const k = `${e.type}|${id}`;
    if (firstOfId.has(k)) return false;
    firstOfId.add(k);
    return true;
  };
  const payments = new Map<string, ReferenceEvent>();
  const placements = new Map<string, ReferenceEvent>();
  const rateChanges = new Map<string, { from: number; rate: bigint }[]>();
  const ends = new Map<string, string>();
  const counted = new Set<ReferenceEvent>();
  for (const { event: e } of known) {
    const type = e.type.replace('se.socialtjanst.', '');
    if (type === 'payment.disbursed.v1' && counts(e, str(e, 'paymentId')))
      payments.set(str(e, 'paymentId'), e);
    if (type === 'placement.started.v1' && counts(e, str(e, 'placementId')))
      placements.set(str(e, 'placementId'), e);
    if (type === 'placement.ended.v1') ends.set(str(e, 'placementId'), str(e, 'endDate'));
    if (type === 'placement.rate-changed.v1') {
      // Stable sort by effectiveFrom later keeps time order among equal dates: the later time wins.
      const list = rateChanges.get(str(e, 'placementId')) ?? [];
      rateChanges.set(str(e, 'placementId'), [
        ...list,
        { from: toEpochDay(str(e, 'effectiveFrom')), rate: parseSek(str(e, 'dailyRate')) },
      ]);
    }
    if (type === 'payment.repaid.v1' && counts(e, str(e, 'repaymentId'))) counted.add(e);
    if (type === 'reimbursement.received.v1' && counts(e, str(e, 'reimbursementId'))) counted.add(e);
    if (type === 'ledger.posted.v1' && counts(e, str(e, 'postingId'))) counted.add(e);
  }

  const reversed = new Set<string>();
  for (const { event: e } of known) {
    switch (e.type.replace('se.socialtjanst.', '')) {
      case 'payment.disbursed.v1': {
        if (payments.get(str(e, 'paymentId')) !== e) break;
        const paidOn = str(e, 'paidOn');
        const keys = new Set<string>();
        for (const c of components(e)) {
          post(paidOn, c.key, c.amount);
          keys.add(classificationKeyId(c.key));
        }
        if (toEpochDay(paidOn) > last) break;
        const month = households.get(paidOn.slice(0, 7)) ?? new Map<string, Set<string>>();
        const household = str(e, 'householdId');
        month.set(household, new Set([...(month.get(household) ?? []), ...keys]));
        households.set(paidOn.slice(0, 7), month);
        break;
      }
      case 'payment.reversed.v1': {
        const payment = payments.get(str(e, 'paymentId'));
        if (payment === undefined || reversed.has(str(e, 'paymentId'))) break;
        reversed.add(str(e, 'paymentId'));
        for (const c of components(payment)) post(str(e, 'reversedOn'), c.key, -c.amount);
        break;
      }
      case 'payment.repaid.v1':
        if (counted.has(e))
          post(
            str(e, 'receivedOn'),
            classificationKeys.repayment(str(e, 'category')),
            -parseSek(str(e, 'amount')),
          );
        break;
      case 'reimbursement.received.v1':
        if (counted.has(e)) {
          post(
            str(e, 'receivedOn'),
            classificationKeys.reimbursement(str(e, 'payer'), str(e, 'category')),
            -parseSek(str(e, 'amount')),
          );
        }
        break;
      case 'ledger.posted.v1':
        if (counted.has(e)) {
          const key = classificationKeys.ledger(
            str(e, 'account'),
            opt(e, 'responsibility'),
            opt(e, 'activity'),
          );
          post(str(e, 'bookedOn'), key, parseSek(str(e, 'amount')));
        }
        break;
      default:
    }
  }

  for (const [placementId, started] of placements) {
    const key = classificationKeys.placement(
      str(started, 'placementType'),
      str(started, 'regi'),
      str(started, 'targetGroup'),
    );
    const changes = [...(rateChanges.get(placementId) ?? [])].sort((a, b) => a.from - b.from);
    const end = Math.min(ends.has(placementId) ? toEpochDay(ends.get(placementId) as string) : last, last);
    let rate = parseSek(str(started, 'dailyRate'));
    let next = 0;
    for (let day = toEpochDay(str(started, 'startDate')); day <= end; day++) {
      while (next < changes.length && changes[next].from <= day) rate = changes[next++].rate;
      post(fromEpochDay(day), key, rate, 1);
    }
  }
  return { byKey, households };
}

function actualsOf(booked: Booked, year: number, asOf: string, knownAt: string): ActualsResponse {
  const keys = [...booked.byKey].flatMap(([key, months]) => {
    const inYear = [...months]
      .filter(([month]) => month.startsWith(`${year}-`))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([month, cell]) => ({
        month,
        amount: cell.amount.toString(),
        ...(key.startsWith('placements|') ? { careDays: cell.careDays } : {}),
      }));
    return inYear.length === 0 ? [] : [{ key, months: inYear }];
  });
  return { year, asOf, knownAt, keys };
}

/** POST /v1/queries/households: distinct households per month with a payment on any of a group's keys. */
function householdsOf(booked: Booked, year: number, groups: Record<string, string[]>): HouseholdsByLine {
  return Object.fromEntries(
    Object.entries(groups).map(([line, keys]) => [
      line,
      [...booked.households]
        .filter(([month]) => month.startsWith(`${year}-`))
        .map(([month, byHousehold]) => ({
          month,
          households: [...byHousehold.values()].filter((ks) => keys.some((k) => ks.has(k))).length,
        }))
        .filter((m) => m.households > 0),
    ]),
  );
}

// ---------------------------------------------------------------- the cases

const fixtures = loadExampleFixtures();
const state = adoptedBudget(fixtures.budget, fixtures.adjustments);
const lines = fixtures.budget.lines as Parameters<typeof classifyKeyIds>[0];
const KNOWN_AT_ALL = '9999-12-31T23:59:59Z';

const cache = new Map<string, ReturnType<typeof inputsFor>>();
function inputsFor(c: Pick<ExpectedCase, 'year' | 'asOf' | 'knownAt'>) {
  const booked = book(fixtures.events, c.asOf, c.knownAt);
  const knownAt = c.knownAt ?? KNOWN_AT_ALL;
  const earlier = [
    ...new Set(
      [...booked.byKey.values()].flatMap((m) => [...m.keys()].map((month) => Number(month.slice(0, 4)))),
    ),
  ]
    .filter((y) => y < c.year)
    .sort();
  return {
    booked,
    actuals: actualsOf(booked, c.year, c.asOf, knownAt),
    historicalActuals: earlier.map((y) => actualsOf(booked, y, `${y}-12-31`, knownAt)),
    households: householdsOf(booked, c.year, householdGroups(lines)),
    knownAt,
  };
}
function cached(c: Pick<ExpectedCase, 'year' | 'asOf' | 'knownAt'>) {
  const id = `${c.asOf}|${c.knownAt}`;
  if (!cache.has(id)) cache.set(id, inputsFor(c));
  return cache.get(id) as ReturnType<typeof inputsFor>;
}

const byCode = <T extends { code: string }>(rows: readonly T[]): T[] =>
  [...rows].sort((a, b) => (a.code < b.code ? -1 : 1));

describe('budget deviation against test-fixtures/examples/expected.json', () => {
  it('has cases of every groupBy, with and without knownAt, and earlier years for HISTORICAL', () => {
    expect(new Set(fixtures.expected.map((c) => c.groupBy))).toEqual(new Set(['line', 'frame', 'area']));
    expect(fixtures.expected.some((c) => c.knownAt !== null)).toBe(true);
    expect(cached(fixtures.expected[0]).historicalActuals.length).toBeGreaterThan(0);
  });

  const cases = fixtures.expected.map(
    (c) => [`${c.groupBy} asOf=${c.asOf} knownAt=${c.knownAt ?? 'all'}`, c] as const,
  );

  it.each(cases)('%s: every row, unclassified and volume, exactly', (_name, c) => {
    const inputs = cached(c);
    const report = toBudgetDeviationResponse(
      computeBudgetDeviation({
        budget: state,
        year: c.year,
        asOf: c.asOf,
        knownAt: inputs.knownAt,
        groupBy: c.groupBy,
        actuals: inputs.actuals,
        historicalActuals: inputs.historicalActuals,
        households: inputs.households,
      }),
    );
    const figures = report.rows.map(({ code, annualBudget, budgetYtd, actualYtd, deviationYtd }) => ({
      code,
      annualBudget,
      budgetYtd,
      actualYtd,
      deviationYtd,
    }));
    expect(figures).toEqual(byCode(c.rows));
    expect(report.unclassified.actualYtd).toBe(c.unclassified.actualYtd);
    if (c.volumeActualYtd !== null) {
      const volumes = Object.fromEntries(
        report.rows.filter((r) => r.volume !== null).map((r) => [r.code, r.volume?.actualYtd]),
      );
      expect(volumes).toEqual(c.volumeActualYtd);
    } else {
      expect(report.rows.every((r) => r.volume === null)).toBe(true);
    }
    expect(report.rows.every((r) => r.forecastFullYear === null && r.volumeEffect === null)).toBe(true);
    const sum = (field: 'annualBudget' | 'budgetYtd' | 'actualYtd' | 'deviationYtd') =>
      report.rows.reduce((s, r) => s + r[field], 0);
    expect(report.total.actualYtd).toBe(sum('actualYtd') + c.unclassified.actualYtd);
    expect(report.total.deviationYtd).toBe(sum('deviationYtd') - c.unclassified.actualYtd);
    expect(report.total.budgetYtd).toBe(sum('budgetYtd'));
    expect(report.subtotals.accountable.actualYtd + report.subtotals.notAccountable.actualYtd).toBe(
      sum('actualYtd'),
    );
  });

  it.each(cases.filter(([, c]) => c.groupBy === 'line'))(
    "%s: the stand-in's per-key figures agree with the reference calculator line by line and month by month",
    (_name, c) => {
      const inputs = cached(c);
      const reference = computeReport({
        ...fixtures,
        year: c.year,
        asOf: c.asOf,
        knownAt: c.knownAt,
        groupBy: 'line',
      });
      const classification = classifyKeyIds(lines, inputs.booked.byKey.keys());
      const perLine = (responses: readonly ActualsResponse[]) => {
        const result: Record<string, bigint[]> = {};
        for (const code of [...lines.map((l) => l.code), UNCLASSIFIED_LINE])
          result[code] = Array<bigint>(12).fill(0n);
        for (const response of responses) {
          for (const { key, months } of response.keys) {
            for (const m of months)
              result[classification.get(key) as string][Number(m.month.slice(5, 7)) - 1] += BigInt(m.amount);
          }
        }
        return result;
      };
      expect(perLine([inputs.actuals])).toEqual(reference.actualByLineAndMonth);
      expect(perLine(inputs.historicalActuals)).toEqual(reference.historicalByLineAndMonth);

      const volumes: Record<string, number[]> = {};
      for (const line of fixtures.budget.lines.filter((l) => l.volume)) {
        const months = Array<number>(12).fill(0);
        if (line.volume?.unit === 'HUSHALLSMANADER') {
          for (const m of inputs.households[line.code] ?? [])
            if (m.month.startsWith(`${c.year}-`)) months[Number(m.month.slice(5, 7)) - 1] += m.households;
        } else {
          for (const { key, months: ms } of inputs.actuals.keys) {
            if (classification.get(key) === line.code)
              for (const m of ms) months[Number(m.month.slice(5, 7)) - 1] += m.careDays ?? 0;
          }
        }
        volumes[line.code] = months;
      }
      expect(volumes).toEqual(reference.volumeByLineAndMonth);
    },
  );

  it('the late-recorded payment P000006742 is in the report without knownAt and not in the one at 2023-09-01', () => {
    const ekb = (knownAt: string | null) => {
      const inputs = cached({ year: 2023, asOf: '2023-08-31', knownAt });
      const report = computeBudgetDeviation({
        budget: state,
        year: 2023,
        asOf: '2023-08-31',
        groupBy: 'line',
        ...inputs,
      });
      return report.rows.find((r) => r.code === 'EKB_UTBETALT');
    };
    expect([ekb(null)?.actualYtd, ekb(null)?.volume?.actualYtd]).toEqual([1_189_588_798n, 1143]);
    expect([ekb('2023-09-01T00:00:00Z')?.actualYtd, ekb('2023-09-01T00:00:00Z')?.volume?.actualYtd]).toEqual([
      1_188_245_290n,
      1142,
    ]);
  });
});
