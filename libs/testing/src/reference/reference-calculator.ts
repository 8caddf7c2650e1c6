// An independent reference implementation of SPEC §5–6 (budget deviation report), used by
// integration and e2e tests as the oracle for the real services. Simplicity beats speed here:
// placements are walked day by day and every amount is classified on its own.
import { classifier, type ClassifiedFields, UNCLASSIFIED_LINE } from './classification';
import { civil, dayNumber, daysInMonth, daysInYear, parseDate, parseInstant } from './dates';
import {
  add,
  mul,
  parseOre,
  parseWeight,
  rational,
  type Rational,
  ReferenceInputError,
  roundHalfAwayFromZero,
  ZERO,
} from './exact';
import type {
  ReferenceFigures,
  ReferenceBudget,
  ReferenceBudgetLine,
  ReferenceEvent,
  ReferenceReport,
  ReferenceReportInput,
  ReferenceReportRow,
  ReferenceStream,
  ReferenceUnclassifiedItem,
} from './types';

const T = {
  disbursed: 'se.socialtjanst.payment.disbursed.v1',
  reversed: 'se.socialtjanst.payment.reversed.v1',
  repaid: 'se.socialtjanst.payment.repaid.v1',
  reimbursed: 'se.socialtjanst.reimbursement.received.v1',
  posted: 'se.socialtjanst.ledger.posted.v1',
  started: 'se.socialtjanst.placement.started.v1',
  rateChanged: 'se.socialtjanst.placement.rate-changed.v1',
  ended: 'se.socialtjanst.placement.ended.v1',
} as const;

interface KnownEvent {
  readonly event: ReferenceEvent;
  readonly time: bigint;
  readonly index: number;
}

/** Where each classified amount ends up: this year's months up to asOf, or history before the year. */
class Book {
  readonly actual = new Map<string, bigint[]>();
  readonly history = new Map<string, bigint[]>();
  readonly households = new Map<string, Set<string>[]>();
  readonly careDays = new Map<string, number[]>();
  readonly unclassified = new Map<
    string,
    { stream: ReferenceStream; fields: ClassifiedFields; actualYtd: bigint; count: number }
  >();

  constructor(
    private readonly yearStart: number,
    private readonly asOf: number,
    lineCodes: readonly string[],
  ) {
    for (const code of [...lineCodes, UNCLASSIFIED_LINE]) {
      this.actual.set(code, Array<bigint>(12).fill(0n));
      this.history.set(code, Array<bigint>(12).fill(0n));
      this.households.set(
        code,
        Array.from({ length: 12 }, () => new Set<string>()),
      );
      this.careDays.set(code, Array<number>(12).fill(0));
    }
  }

  post(day: number, line: string, amount: bigint, stream: ReferenceStream, fields: ClassifiedFields): void {
    const month = civil(day).month - 1;
    if (day < this.yearStart) {
      at(this.history, line)[month] += amount;
      return;
    }
    if (day > this.asOf) return;
    at(this.actual, line)[month] += amount;
    if (line === UNCLASSIFIED_LINE) {
      // Sorts by stream, then field by field, a shorter item before its extensions.
      const key = [stream, ...Object.entries(fields).map(([k, v]) => `${k}=${v}`)].join('\u0000');
      const item = this.unclassified.get(key) ?? { stream, fields, actualYtd: 0n, count: 0 };
      item.actualYtd += amount;
      item.count += 1;
      this.unclassified.set(key, item);
    }
  }

  household(day: number, line: string, householdId: string): void {
    if (day >= this.yearStart && day <= this.asOf)
      at(this.households, line)[civil(day).month - 1].add(householdId);
  }

  careDay(day: number, line: string): void {
    if (day >= this.yearStart && day <= this.asOf) at(this.careDays, line)[civil(day).month - 1] += 1;
  }
}

function at<V>(map: Map<string, V>, key: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`internal: no bucket for ${key}`);
  return value;
}

function str(e: ReferenceEvent, field: string): string {
  const value = e.data[field];
  if (typeof value !== 'string' || value === '') {
    throw new ReferenceInputError(`event ${e.source}/${e.id}: data.${field} must be a non-empty string`);
  }
  return value;
}

function optionalStr(e: ReferenceEvent, field: string): string | undefined {
  return e.data[field] === undefined ? undefined : str(e, field);
}

function fieldsOf(entries: readonly [string, string | undefined][]): ClassifiedFields {
  const fields: Record<string, string> = {};
  for (const [k, v] of entries) if (v !== undefined) fields[k] = v;
  return fields;
}

/**
 * Events that count: the first occurrence of each (source, id) in input order (a later one is a
 * duplicate or a conflict, never applied), then only those with time ≤ knownAt, ordered by time
 * (input order breaks ties).
 */
function knownEvents(events: readonly ReferenceEvent[], knownAt: bigint | null): KnownEvent[] {
  const seen = new Set<string>();
  const known: KnownEvent[] = [];
  events.forEach((event, index) => {
    const key = JSON.stringify([event.source, event.id]);
    if (seen.has(key)) return;
    seen.add(key);
    const time = parseInstant(event.time, `event ${event.source}/${event.id}: time`);
    if (knownAt === null || time <= knownAt) known.push({ event, time, index });
  });
  return known.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.index - b.index));
}

function bookEvents(
  known: readonly KnownEvent[],
  classify: ReturnType<typeof classifier>,
  book: Book,
  asOf: number,
): void {
  const payments = new Map<string, ReferenceEvent>();
  const reversed = new Set<string>();
  const businessIds = new Set<string>();
  const counted = new Set<ReferenceEvent>();
  const placements = new Map<string, ReferenceEvent>();
  const rateChanges = new Map<string, KnownEvent[]>();
  const ends = new Map<string, ReferenceEvent>();

  // A business id seen twice under different event ids: the first (by time) counts, see README.
  const firstOf = (e: ReferenceEvent, id: string): boolean => {
    const key = JSON.stringify([e.type, id]);
    if (businessIds.has(key)) return false;
    businessIds.add(key);
    counted.add(e);
    return true;
  };

  for (const k of known) {
    const e = k.event;
    switch (e.type) {
      case T.disbursed: {
        const paymentId = str(e, 'paymentId');
        if (firstOf(e, paymentId)) payments.set(paymentId, e);
        break;
      }
      case T.repaid:
        firstOf(e, str(e, 'repaymentId'));
        break;
      case T.reimbursed:
        firstOf(e, str(e, 'reimbursementId'));
        break;
      case T.posted:
        firstOf(e, str(e, 'postingId'));
        break;
      case T.started: {
        const placementId = str(e, 'placementId');
        if (firstOf(e, placementId)) placements.set(placementId, e);
        break;
      }
      case T.rateChanged: {
        const placementId = str(e, 'placementId');
        rateChanges.set(placementId, [...(rateChanges.get(placementId) ?? []), k]);
        break;
      }
      case T.ended:
        // Known events are in time order, so the last one known wins: an end date may be corrected.
        ends.set(str(e, 'placementId'), e);
        break;
      default:
    }
  }

  const bookComponents = (payment: ReferenceEvent, day: number, sign: bigint, householdId?: string): void => {
    const components = payment.data['components'];
    if (!Array.isArray(components))
      throw new ReferenceInputError(`event ${payment.id}: data.components must be an array`);
    let sum = 0n;
    components.forEach((c: unknown, i) => {
      const what = `event ${payment.source}/${payment.id}: data.components[${i}]`;
      if (typeof c !== 'object' || c === null) throw new ReferenceInputError(`${what} must be an object`);
      const { category, amount } = c as Record<string, unknown>;
      if (typeof category !== 'string') throw new ReferenceInputError(`${what}.category must be a string`);
      const ore = parseOre(amount, `${what}.amount`);
      sum += ore;
      const fields = { category };
      const line = classify('payments', fields);
      book.post(day, line, sign * ore, 'payments', fields);
      if (householdId !== undefined && line !== UNCLASSIFIED_LINE) book.household(day, line, householdId);
    });
    if (sum !== parseOre(payment.data['amount'], `event ${payment.id}: data.amount`)) {
      throw new ReferenceInputError(`event ${payment.source}/${payment.id}: components do not sum to amount`);
    }
  };

  for (const { event: e } of known) {
    const what = `event ${e.source}/${e.id}: data`;
    switch (e.type) {
      case T.disbursed:
        if (counted.has(e)) {
          bookComponents(e, parseDate(e.data['paidOn'], `${what}.paidOn`), 1n, str(e, 'householdId'));
        }
        break;
      case T.reversed: {
        const paymentId = str(e, 'paymentId');
        const payment = payments.get(paymentId);
        // A reversal of a payment not known at knownAt has no effect yet; a payment is reversed once.
        if (payment === undefined || reversed.has(paymentId)) break;
        reversed.add(paymentId);
        bookComponents(payment, parseDate(e.data['reversedOn'], `${what}.reversedOn`), -1n);
        break;
      }
      case T.repaid: {
        const fields = { repaymentCategory: str(e, 'category') };
        if (!counted.has(e)) break;
        const day = parseDate(e.data['receivedOn'], `${what}.receivedOn`);
        book.post(
          day,
          classify('payments', fields),
          -parseOre(e.data['amount'], `${what}.amount`),
          'payments',
          fields,
        );
        break;
      }
      case T.reimbursed: {
        const fields = { payer: str(e, 'payer'), reimbursementCategory: str(e, 'category') };
        if (!counted.has(e)) break;
        const day = parseDate(e.data['receivedOn'], `${what}.receivedOn`);
        book.post(
          day,
          classify('payments', fields),
          -parseOre(e.data['amount'], `${what}.amount`),
          'payments',
          fields,
        );
        break;
      }
      case T.posted: {
        const fields = fieldsOf([
          ['account', str(e, 'account')],
          ['responsibility', optionalStr(e, 'responsibility')],
          ['activity', optionalStr(e, 'activity')],
        ]);
        if (!counted.has(e)) break;
        const day = parseDate(e.data['bookedOn'], `${what}.bookedOn`);
        book.post(
          day,
          classify('ledger', fields),
          parseOre(e.data['amount'], `${what}.amount`),
          'ledger',
          fields,
        );
        break;
      }
      default:
    }
  }

  for (const [placementId, started] of placements) {
    const what = `event ${started.source}/${started.id}: data`;
    const fields = fieldsOf([
      ['placementType', str(started, 'placementType')],
      ['regi', str(started, 'regi')],
      ['targetGroup', str(started, 'targetGroup')],
    ]);
    const line = classify('placements', fields);
    const startRate = parseOre(started.data['dailyRate'], `${what}.dailyRate`);
    const ended = ends.get(placementId);
    const endDate = ended ? parseDate(ended.data['endDate'], `event ${ended.id}: data.endDate`) : asOf;
    const changes = (rateChanges.get(placementId) ?? [])
      .map((k) => ({
        from: parseDate(k.event.data['effectiveFrom'], `event ${k.event.id}: data.effectiveFrom`),
        rate: parseOre(k.event.data['dailyRate'], `event ${k.event.id}: data.dailyRate`),
        k,
      }))
      // Same effectiveFrom: the later `time` wins, so it must come later in this order.
      .sort(
        (a, b) =>
          a.from - b.from || (a.k.time < b.k.time ? -1 : a.k.time > b.k.time ? 1 : a.k.index - b.k.index),
      );
    let next = 0;
    let rate = startRate;
    for (
      let day = parseDate(started.data['startDate'], `${what}.startDate`);
      day <= Math.min(endDate, asOf);
      day++
    ) {
      while (next < changes.length && changes[next].from <= day) rate = changes[next++].rate;
      book.post(day, line, rate, 'placements', fields);
      book.careDay(day, line);
    }
  }
}

function profileWeights(line: ReferenceBudgetLine, year: number, history: readonly bigint[]): Rational[] {
  const { profile } = line;
  if (profile === 'EVEN') return Array<Rational>(12).fill(rational(1n, 12n));
  if (profile === 'DAYS') {
    return Array.from({ length: 12 }, (_, m) =>
      rational(BigInt(daysInMonth(year, m + 1)), BigInt(daysInYear(year))),
    );
  }
  if (profile === 'HISTORICAL') {
    const sum = history.reduce((a, b) => a + b, 0n);
    return sum === 0n ? Array<Rational>(12).fill(rational(1n, 12n)) : history.map((h) => rational(h, sum));
  }
  if (!Array.isArray(profile) || profile.length !== 12) {
    throw new ReferenceInputError(`line ${line.code}: profile must be EVEN, DAYS, HISTORICAL or 12 weights`);
  }
  const weights = profile.map((w, i) => parseWeight(w, `line ${line.code}: profile[${i}]`));
  const excess = add(weights.reduce(add, ZERO), rational(-1n));
  // |sum − 1| ≤ 1e-9, compared exactly.
  if ((excess.n < 0n ? -excess.n : excess.n) * 1_000_000_000n > excess.d) {
    throw new ReferenceInputError(`line ${line.code}: profile weights must sum to 1 (within 1e-9)`);
  }
  return weights;
}

/** Σ of the weights of the months before asOf's month, plus asOf's month × days elapsed / days in it. */
function fractionThrough(weights: readonly Rational[], asOf: number): Rational {
  const { year, month, day } = civil(asOf);
  let fraction = ZERO;
  for (let m = 1; m < month; m++) fraction = add(fraction, weights[m - 1]);
  return add(fraction, mul(weights[month - 1], rational(BigInt(day), BigInt(daysInMonth(year, month)))));
}

function validateBudget(budget: ReferenceBudget, year: number): void {
  if (budget.year !== year)
    throw new ReferenceInputError(`budget is for ${budget.year}, report is for ${year}`);
  const codes = new Set<string>();
  for (const line of budget.lines) {
    if (line.code === UNCLASSIFIED_LINE || codes.has(line.code)) {
      throw new ReferenceInputError(`line code ${line.code} is reserved or used twice`);
    }
    codes.add(line.code);
    if (!budget.frames.some((f) => f.code === line.frame))
      throw new ReferenceInputError(`line ${line.code}: unknown frame ${line.frame}`);
    if (!budget.areas.some((a) => a.code === line.area))
      throw new ReferenceInputError(`line ${line.code}: unknown area ${line.area}`);
  }
}

function figures(annualBudget: bigint, budgetYtd: bigint, actualYtd: bigint): ReferenceFigures {
  return { annualBudget, budgetYtd, actualYtd, deviationYtd: budgetYtd - actualYtd };
}

function sumFigures(rows: readonly ReferenceFigures[]): ReferenceFigures {
  return rows.reduce(
    (s, r) => figures(s.annualBudget + r.annualBudget, s.budgetYtd + r.budgetYtd, s.actualYtd + r.actualYtd),
    figures(0n, 0n, 0n),
  );
}

const byCode = (a: { code: string }, b: { code: string }): number =>
  a.code < b.code ? -1 : a.code > b.code ? 1 : 0;

/** The budget-deviation report of SPEC §8, figures per SPEC §5–6; all money in öre. */
export function computeReport(input: ReferenceReportInput): ReferenceReport {
  const { budget, year, groupBy } = input;
  validateBudget(budget, year);
  const asOf = parseDate(input.asOf, 'asOf');
  const yearStart = dayNumber(year, 1, 1);
  if (civil(asOf).year !== year) throw new ReferenceInputError(`asOf ${input.asOf} is not in ${year}`);
  const knownAt = input.knownAt == null ? null : parseInstant(input.knownAt, 'knownAt');

  const lineCodes = budget.lines.map((l) => l.code);
  const book = new Book(yearStart, asOf, lineCodes);
  bookEvents(knownEvents(input.events, knownAt), classifier(budget.lines), book, asOf);

  const annual = new Map(
    budget.lines.map((l) => [l.code, parseOre(l.annualBudget, `line ${l.code}: annualBudget`)]),
  );
  const adjustmentIds = new Set<string>();
  for (const adj of input.adjustments ?? []) {
    if (adjustmentIds.has(adj.adjustmentId)) continue;
    adjustmentIds.add(adj.adjustmentId);
    if (parseDate(adj.decidedOn, `adjustment ${adj.adjustmentId}: decidedOn`) > asOf) continue;
    adj.changes.forEach((c, i) => {
      const current = annual.get(c.line);
      if (current === undefined)
        throw new ReferenceInputError(`adjustment ${adj.adjustmentId}: unknown line ${c.line}`);
      annual.set(
        c.line,
        current + parseOre(c.amount, `adjustment ${adj.adjustmentId}: changes[${i}].amount`),
      );
    });
  }

  const lineRows: (ReferenceReportRow & { frame: string; area: string })[] = budget.lines.map((line) => {
    const annualBudget = at(annual, line.code);
    const weights = profileWeights(line, year, at(book.history, line.code));
    const budgetYtd = roundHalfAwayFromZero(mul(rational(annualBudget), fractionThrough(weights, asOf)));
    const actualYtd = at(book.actual, line.code).reduce((a, b) => a + b, 0n);
    const row = {
      code: line.code,
      name: line.name,
      frame: line.frame,
      area: line.area,
      ...figures(annualBudget, budgetYtd, actualYtd),
    };
    if (!line.volume) return row;
    const volume = volumeByMonth(book, line);
    return { ...row, volumeUnit: line.volume.unit, volumeActualYtd: volume.reduce((a, b) => a + b, 0) };
  });

  const groups: readonly { code: string; name: string }[] =
    groupBy === 'frame' ? budget.frames : groupBy === 'area' ? budget.areas : [];
  const rows: ReferenceReportRow[] =
    groupBy === 'line'
      ? lineRows.map(({ frame: _f, area: _a, ...row }) => row)
      : groups.map((g) => ({
          code: g.code,
          name: g.name,
          ...sumFigures(lineRows.filter((r) => r[groupBy] === g.code)),
        }));

  const unclassifiedActual = at(book.actual, UNCLASSIFIED_LINE).reduce((a, b) => a + b, 0n);
  const accountable = new Set(budget.frames.filter((f) => f.accountable).map((f) => f.code));
  const items: ReferenceUnclassifiedItem[] = [...book.unclassified.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, item]) => ({ ...item }));

  return {
    year,
    asOf: input.asOf,
    knownAt: input.knownAt ?? null,
    groupBy,
    rows: rows.sort(byCode),
    unclassified: { actualYtd: unclassifiedActual, items },
    total: sumFigures([...lineRows, figures(0n, 0n, unclassifiedActual)]),
    subtotals: {
      accountable: sumFigures(lineRows.filter((r) => accountable.has(r.frame))),
      notAccountable: sumFigures(lineRows.filter((r) => !accountable.has(r.frame))),
    },
    actualByLineAndMonth: Object.fromEntries([...book.actual].map(([code, months]) => [code, [...months]])),
    volumeByLineAndMonth: Object.fromEntries(
      budget.lines.filter((l) => l.volume).map((l) => [l.code, volumeByMonth(book, l)]),
    ),
    historicalByLineAndMonth: Object.fromEntries(
      [...book.history].map(([code, months]) => [code, [...months]]),
    ),
  };
}

function volumeByMonth(book: Book, line: ReferenceBudgetLine): number[] {
  return line.volume?.unit === 'HUSHALLSMANADER'
    ? at(book.households, line.code).map((s) => s.size)
    : [...at(book.careDays, line.code)];
}
