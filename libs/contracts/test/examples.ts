import { EVENT_TYPES, validateEvents, type EventType, type FieldError, type ValidateOptions } from '../src';

/** One valid inbound event per type, as a plain JSON object a system would send. */
const EXAMPLES: { readonly [T in EventType]: Record<string, unknown> } = {
  [EVENT_TYPES.caseOpened]: envelope(EVENT_TYPES.caseOpened, 'EKB000004', {
    caseId: 'EKB000004',
    householdId: 'HH000004',
    caseType: 'EKONOMISKT_BISTAND',
    openedOn: '2020-12-12',
    unit: 'EKB-SYD',
    adults: 2,
    children: 2,
    personnummer: '19760125-4571',
  }),
  [EVENT_TYPES.caseDecided]: envelope(EVENT_TYPES.caseDecided, 'EKB000116', {
    caseId: 'EKB000116',
    decisionId: 'D000000559',
    decisionType: 'ATERKRAV',
    decidedOn: '2021-02-03',
    amount: '15353.85',
  }),
  [EVENT_TYPES.caseClosed]: envelope(EVENT_TYPES.caseClosed, 'EKB000029', {
    caseId: 'EKB000029',
    closedOn: '2021-01-27',
    reason: 'ARBETE',
  }),
  [EVENT_TYPES.placementStarted]: envelope(EVENT_TYPES.placementStarted, 'PL0000034', {
    placementId: 'PL0000034',
    caseId: 'BU0000034',
    placementType: 'HVB',
    regi: 'EXTERN',
    targetGroup: 'BARN_UNGA',
    startDate: '2019-06-29',
    plannedEndDate: '2019-12-31',
    dailyRate: '4521.53',
    providerId: 'ORG060',
  }),
  [EVENT_TYPES.placementRateChanged]: envelope(EVENT_TYPES.placementRateChanged, 'PL0000014', {
    placementId: 'PL0000014',
    effectiveFrom: '2019-08-16',
    dailyRate: '2007.95',
  }),
  [EVENT_TYPES.placementEnded]: envelope(EVENT_TYPES.placementEnded, 'PL0000002', {
    placementId: 'PL0000002',
    endDate: '2020-03-11',
  }),
  [EVENT_TYPES.paymentDisbursed]: envelope(EVENT_TYPES.paymentDisbursed, 'HH000009', {
    paymentId: 'P000000186',
    caseId: 'EKB000009',
    householdId: 'HH000009',
    paidOn: '2021-01-01',
    benefitMonth: '2021-01',
    amount: '6841.89',
    components: [
      { category: 'FORSORJNINGSSTOD', amount: '3168.88' },
      { category: 'BOENDE', amount: '3384.93' },
      { category: 'HUSHALLSEL', amount: '288.08' },
    ],
    housingAboveNorm: '384.93',
  }),
  [EVENT_TYPES.paymentReversed]: envelope(EVENT_TYPES.paymentReversed, 'HH000076', {
    paymentId: 'P000000264',
    reversedOn: '2021-01-08',
  }),
  [EVENT_TYPES.paymentRepaid]: envelope(EVENT_TYPES.paymentRepaid, 'HH000014', {
    repaymentId: 'R000000193',
    caseId: 'EKB000014',
    householdId: 'HH000014',
    receivedOn: '2021-01-11',
    amount: '1258.37',
    category: 'ATERKRAV',
  }),
  [EVENT_TYPES.reimbursementReceived]: envelope(EVENT_TYPES.reimbursementReceived, 'RB0001', {
    reimbursementId: 'RB0001',
    receivedOn: '2021-03-15',
    amount: '250000.00',
    payer: 'MIGRATIONSVERKET',
    category: 'ENSAMKOMMANDE_SCHABLON',
  }),
  [EVENT_TYPES.ledgerPosted]: envelope(EVENT_TYPES.ledgerPosted, 'L00000018', {
    postingId: 'L00000018',
    bookedOn: '2021-01-01',
    account: '6411',
    responsibility: 'STAB1',
    activity: '701',
    amount: '-440000.00',
    text: 'Lokalhyror',
  }),
  [EVENT_TYPES.forecastPublished]: envelope(EVENT_TYPES.forecastPublished, 'forecast-2023', {
    year: 2023,
    asOf: '2023-08-31',
    knownAt: '2023-09-01T06:00:00Z',
    keys: [
      {
        key: 'placements|HVB|EXTERN|BARN_UNGA',
        actualYtd: '163868021',
        forecastFullYear: '245000000',
        low: '238000000',
        high: '252000000',
        method: 'commitments',
        volume: 3120.5,
        unitCost: '78500',
      },
      {
        key: 'ledger|6411',
        actualYtd: '-1200',
        forecastFullYear: '-1800',
        low: '-1900',
        high: '-1700',
        method: 'run-rate',
        volume: null,
        unitCost: null,
      },
    ],
  }),
};

function envelope(type: EventType, subject: string, data: Record<string, unknown>): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: `${type.split('.')[2]}-${subject}`,
    source: 'urn:system:test',
    type,
    time: '2021-01-01T16:00:00Z',
    subject,
    datacontenttype: 'application/json',
    data,
  };
}

/**
 * A fresh deep copy of the example, with envelope attributes and data fields replaced; a field
 * given as undefined is left out, as JSON would.
 */
export function example(
  type: EventType,
  data: Record<string, unknown> = {},
  attributes: Record<string, unknown> = {},
): Record<string, unknown> {
  const base = EXAMPLES[type];
  const merged = { ...base, ...attributes, data: { ...(base.data as Record<string, unknown>), ...data } };
  return JSON.parse(JSON.stringify(merged)) as Record<string, unknown>;
}

/** The example without some data fields. */
export function exampleWithout(type: EventType, ...fields: string[]): Record<string, unknown> {
  return example(type, Object.fromEntries(fields.map((field) => [field, undefined])));
}

/** A personnummer with a correct check digit, for any 9 leading digits of the 10-digit form. */
export function withCheckDigit(nineDigits: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const product = Number(nineDigits[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return `${nineDigits}${(10 - (sum % 10)) % 10}`;
}

/** The errors validateEvents reports, or [] when the input is valid. */
export function errorsOf(input: unknown, opts?: ValidateOptions): readonly FieldError[] {
  const result = validateEvents(input, opts);
  return result.ok ? [] : result.errors;
}

/** Just field and message of each error, for compact assertions. */
export function problemsOf(input: unknown, opts?: ValidateOptions): { field: string; message: string }[] {
  return errorsOf(input, opts).map(({ field, message }) => ({ field, message }));
}
