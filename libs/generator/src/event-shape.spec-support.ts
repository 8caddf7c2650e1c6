// A compact, independent check of SPEC §4 for the generator's own tests: envelope, required and
// allowed data fields, enums, amount format, component sums, real dates, the personnummer check
// digit and subject = aggregate id. The full validator lives in @ramprognos/contracts.
import {
  CASE_TYPES,
  CLOSING_REASONS,
  COMPONENT_CATEGORIES,
  DECISION_TYPES,
  EVENT_TYPE,
  PAYERS,
  PLACEMENT_TYPES,
  REGI,
  REPAYMENT_CATEGORIES,
  SOURCE,
  TARGET_GROUPS,
  type GeneratedEvent,
  type GeneratedEventType,
} from './events';

const AMOUNT = /^-?\d+\.\d{2}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

type FieldKind =
  'id' | 'date' | 'yearMonth' | 'amount' | 'count' | 'personnummer' | 'components' | readonly string[];

interface DataShape {
  readonly subject: string;
  readonly source: string;
  readonly required: Readonly<Record<string, FieldKind>>;
  readonly optional: Readonly<Record<string, FieldKind>>;
}

export const SHAPES: Readonly<Record<GeneratedEventType, DataShape>> = {
  [EVENT_TYPE.caseOpened]: {
    subject: 'caseId',
    source: SOURCE.lifecare,
    required: { caseId: 'id', householdId: 'id', caseType: CASE_TYPES, openedOn: 'date' },
    optional: { unit: 'id', adults: 'count', children: 'count', personnummer: 'personnummer' },
  },
  [EVENT_TYPE.caseDecided]: {
    subject: 'caseId',
    source: SOURCE.lifecare,
    required: { caseId: 'id', decisionId: 'id', decisionType: DECISION_TYPES, decidedOn: 'date' },
    optional: { amount: 'amount' },
  },
  [EVENT_TYPE.caseClosed]: {
    subject: 'caseId',
    source: SOURCE.lifecare,
    required: { caseId: 'id', closedOn: 'date', reason: CLOSING_REASONS },
    optional: {},
  },
  [EVENT_TYPE.placementStarted]: {
    subject: 'placementId',
    source: SOURCE.lifecare,
    required: {
      placementId: 'id',
      caseId: 'id',
      placementType: PLACEMENT_TYPES,
      regi: REGI,
      targetGroup: TARGET_GROUPS,
      startDate: 'date',
      dailyRate: 'amount',
    },
    optional: { plannedEndDate: 'date', providerId: 'id' },
  },
  [EVENT_TYPE.placementRateChanged]: {
    subject: 'placementId',
    source: SOURCE.lifecare,
    required: { placementId: 'id', effectiveFrom: 'date', dailyRate: 'amount' },
    optional: {},
  },
  [EVENT_TYPE.placementEnded]: {
    subject: 'placementId',
    source: SOURCE.lifecare,
    required: { placementId: 'id', endDate: 'date' },
    optional: {},
  },
  [EVENT_TYPE.paymentDisbursed]: {
    subject: 'householdId',
    source: SOURCE.utbetalning,
    required: {
      paymentId: 'id',
      caseId: 'id',
      householdId: 'id',
      paidOn: 'date',
      benefitMonth: 'yearMonth',
      amount: 'amount',
      components: 'components',
    },
    optional: { housingAboveNorm: 'amount' },
  },
  [EVENT_TYPE.paymentReversed]: {
    // The subject is the household of the reversed payment: checked against the payment.
    subject: '',
    source: SOURCE.utbetalning,
    required: { paymentId: 'id', reversedOn: 'date' },
    optional: {},
  },
  [EVENT_TYPE.paymentRepaid]: {
    subject: 'householdId',
    source: SOURCE.utbetalning,
    required: {
      repaymentId: 'id',
      caseId: 'id',
      householdId: 'id',
      receivedOn: 'date',
      amount: 'amount',
      category: REPAYMENT_CATEGORIES,
    },
    optional: {},
  },
  [EVENT_TYPE.reimbursementReceived]: {
    subject: 'reimbursementId',
    source: SOURCE.utbetalning,
    required: { reimbursementId: 'id', receivedOn: 'date', amount: 'amount', payer: PAYERS, category: 'id' },
    optional: {},
  },
  [EVENT_TYPE.ledgerPosted]: {
    subject: 'postingId',
    source: SOURCE.raindance,
    required: { postingId: 'id', bookedOn: 'date', account: 'id', amount: 'amount' },
    optional: { responsibility: 'id', activity: 'id', text: 'id' },
  },
};

export function isRealDate(value: string): boolean {
  const m = DATE.exec(value);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export function toOre(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [kr, ore] = amount.replace('-', '').split('.');
  const value = BigInt(kr) * 100n + BigInt(ore);
  return negative ? -value : value;
}

function personnummerValid(value: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{4})$/.exec(value);
  if (m === null || !isRealDate(`${m[1]}-${m[2]}-${m[3]}`)) return false;
  const ten = `${m[1].slice(2)}${m[2]}${m[3]}${m[4]}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const p = Number(ten[i]) * (i % 2 === 0 ? 2 : 1);
    sum += p > 9 ? p - 9 : p;
  }
  return (10 - (sum % 10)) % 10 === Number(ten[9]);
}

function fieldProblem(kind: FieldKind, value: unknown): string | null {
  if (Array.isArray(kind)) return kind.includes(value as string) ? null : 'not in its enum';
  switch (kind) {
    case 'id':
      return typeof value === 'string' && value.length > 0 && value.length <= 256
        ? null
        : 'not a non-empty string';
    case 'date':
      return typeof value === 'string' && isRealDate(value) ? null : 'not a real YYYY-MM-DD date';
    case 'yearMonth':
      return typeof value === 'string' && YEAR_MONTH.test(value) ? null : 'not YYYY-MM';
    case 'amount':
      return typeof value === 'string' && AMOUNT.test(value) ? null : 'not an amount with two decimals';
    case 'count':
      return Number.isInteger(value) && (value as number) >= 0 ? null : 'not an integer ≥ 0';
    case 'personnummer':
      return typeof value === 'string' && personnummerValid(value) ? null : 'not a valid personnummer';
    case 'components': {
      if (!Array.isArray(value) || value.length === 0) return 'not a non-empty list';
      const bad = value.find(
        (c: Record<string, unknown>) =>
          Object.keys(c).sort().join() !== 'amount,category' ||
          !(COMPONENT_CATEGORIES as readonly unknown[]).includes(c['category']) ||
          typeof c['amount'] !== 'string' ||
          !AMOUNT.test(c['amount']) ||
          toOre(c['amount']) < 0n,
      );
      return bad === undefined ? null : 'has a malformed component';
    }
    default:
      return 'unknown kind';
  }
}

/** Problems with one event, as `field: message`; empty when it is valid. */
export function problemsOf(event: GeneratedEvent): string[] {
  const problems: string[] = [];
  const e = event as unknown as Record<string, unknown>;
  const envelope = ['specversion', 'id', 'source', 'type', 'time', 'subject', 'datacontenttype', 'data'];
  if (Object.keys(e).sort().join() !== [...envelope].sort().join()) problems.push('(event): envelope fields');
  if (e['specversion'] !== '1.0') problems.push('specversion');
  if (e['datacontenttype'] !== 'application/json') problems.push('datacontenttype');
  if (typeof e['id'] !== 'string' || (e['id'] as string).length === 0) problems.push('id');
  if (
    typeof e['time'] !== 'string' ||
    !TIME.test(e['time'] as string) ||
    !isRealDate((e['time'] as string).slice(0, 10))
  ) {
    problems.push('time');
  }
  const shape = SHAPES[event.type];
  if (shape === undefined) return [...problems, 'type: unknown'];
  if (e['source'] !== shape.source) problems.push('source');
  const data = event.data as unknown as Record<string, unknown>;
  for (const [field, kind] of Object.entries(shape.required)) {
    if (!(field in data)) problems.push(`data.${field}: missing`);
    else {
      const problem = fieldProblem(kind, data[field]);
      if (problem !== null) problems.push(`data.${field}: ${problem}`);
    }
  }
  for (const [field, value] of Object.entries(data)) {
    if (field in shape.required) continue;
    const kind = shape.optional[field];
    if (kind === undefined) problems.push(`data.${field}: not a field of ${event.type}`);
    else {
      const problem = fieldProblem(kind, value);
      if (problem !== null) problems.push(`data.${field}: ${problem}`);
    }
  }
  if (shape.subject !== '' && e['subject'] !== data[shape.subject])
    problems.push('subject: not the aggregate id');

  switch (event.type) {
    case EVENT_TYPE.paymentDisbursed: {
      const { amount, components, housingAboveNorm } = event.data;
      if (!AMOUNT.test(amount) || components.some((c) => !AMOUNT.test(c.amount))) break;
      const sum = components.reduce((s, c) => s + toOre(c.amount), 0n);
      if (sum !== toOre(amount)) problems.push('data.components: do not sum to amount');
      if (toOre(amount) <= 0n) problems.push('data.amount: not positive');
      const housing = components
        .filter((c) => c.category === 'BOENDE')
        .reduce((s, c) => s + toOre(c.amount), 0n);
      if (housingAboveNorm !== undefined && toOre(housingAboveNorm) > housing) {
        problems.push('data.housingAboveNorm: above BOENDE');
      }
      break;
    }
    case EVENT_TYPE.paymentRepaid:
    case EVENT_TYPE.reimbursementReceived:
      if (AMOUNT.test(event.data.amount) && toOre(event.data.amount) <= 0n)
        problems.push('data.amount: not positive');
      break;
    case EVENT_TYPE.caseDecided: {
      const { decisionType, amount } = event.data;
      if (decisionType === 'ATERKRAV' && (amount === undefined || toOre(amount) <= 0n)) {
        problems.push('data.amount: ATERKRAV without a positive claim');
      }
      if (decisionType !== 'ATERKRAV' && amount !== undefined) problems.push('data.amount: only on ATERKRAV');
      break;
    }
    case EVENT_TYPE.placementStarted: {
      const { startDate, plannedEndDate, dailyRate } = event.data;
      if (plannedEndDate !== undefined && plannedEndDate < startDate)
        problems.push('data.plannedEndDate: before startDate');
      if (AMOUNT.test(dailyRate) && toOre(dailyRate) < 0n) problems.push('data.dailyRate: negative');
      break;
    }
    case EVENT_TYPE.placementRateChanged:
      if (AMOUNT.test(event.data.dailyRate) && toOre(event.data.dailyRate) < 0n)
        problems.push('data.dailyRate: negative');
      break;
    default:
      break;
  }
  return problems;
}
