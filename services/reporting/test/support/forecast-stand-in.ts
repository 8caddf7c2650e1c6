// A test-only stand-in for the forecast service's query API (docs/forecast-query-api.md), written
// from SPEC §6 and the reference README's decisions: the conformance test feeds its answers to the
// pure report, the integration tests serve them over HTTP from a fake forecast service.
import { fromEpochDay, toEpochDay } from '@ramprognos/calendar';
import { classificationKeyId, classificationKeys, type ClassificationKey } from '@ramprognos/contracts';
import { parseSek } from '@ramprognos/money';
import type { ReferenceEvent } from '@ramprognos/testing';
import type { ActualsResponse, HouseholdsByLine } from '../../src/reports/budget-deviation';

export interface Booked {
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
export function book(events: readonly ReferenceEvent[], asOf: string, knownAt: string | null): Booked {
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

export function actualsOf(booked: Booked, year: number, asOf: string, knownAt: string): ActualsResponse {
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
export function householdsOf(
  booked: Booked,
  year: number,
  groups: Record<string, string[]>,
): HouseholdsByLine {
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
