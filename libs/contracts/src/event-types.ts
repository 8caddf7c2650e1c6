/** Every v1 event type of SPEC §4. A v1 type is frozen: a change is a new v2 type plus an upcaster. */
export const EVENT_TYPES = {
  caseOpened: 'se.socialtjanst.case.opened.v1',
  caseDecided: 'se.socialtjanst.case.decided.v1',
  caseClosed: 'se.socialtjanst.case.closed.v1',
  placementStarted: 'se.socialtjanst.placement.started.v1',
  placementRateChanged: 'se.socialtjanst.placement.rate-changed.v1',
  placementEnded: 'se.socialtjanst.placement.ended.v1',
  paymentDisbursed: 'se.socialtjanst.payment.disbursed.v1',
  paymentReversed: 'se.socialtjanst.payment.reversed.v1',
  paymentRepaid: 'se.socialtjanst.payment.repaid.v1',
  reimbursementReceived: 'se.socialtjanst.reimbursement.received.v1',
  ledgerPosted: 'se.socialtjanst.ledger.posted.v1',
  forecastPublished: 'se.socialtjanst.forecast.published.v1',
} as const;

export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

export const ALL_EVENT_TYPES: readonly EventType[] = Object.values(EVENT_TYPES);

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (ALL_EVENT_TYPES as readonly string[]).includes(value);
}

export type Stream = 'cases' | 'placements' | 'payments' | 'ledger' | 'forecasts';
export type OwningService = 'intake' | 'payments' | 'forecast';

export interface EventTypeInfo {
  readonly stream: Stream;
  readonly owner: OwningService;
  /**
   * The data field that holds the aggregate id, which the subject (and Kafka key) must equal;
   * null where the data does not hold it (a reversal names only the payment, yet is keyed by
   * the household so that it stays in order with the household's payments).
   */
  readonly subjectField: string | null;
}

export const EVENT_TYPE_INFO: { readonly [T in EventType]: EventTypeInfo } = {
  [EVENT_TYPES.caseOpened]: { stream: 'cases', owner: 'intake', subjectField: 'caseId' },
  [EVENT_TYPES.caseDecided]: { stream: 'cases', owner: 'intake', subjectField: 'caseId' },
  [EVENT_TYPES.caseClosed]: { stream: 'cases', owner: 'intake', subjectField: 'caseId' },
  [EVENT_TYPES.placementStarted]: { stream: 'placements', owner: 'intake', subjectField: 'placementId' },
  [EVENT_TYPES.placementRateChanged]: { stream: 'placements', owner: 'intake', subjectField: 'placementId' },
  [EVENT_TYPES.placementEnded]: { stream: 'placements', owner: 'intake', subjectField: 'placementId' },
  [EVENT_TYPES.paymentDisbursed]: { stream: 'payments', owner: 'payments', subjectField: 'householdId' },
  [EVENT_TYPES.paymentReversed]: { stream: 'payments', owner: 'payments', subjectField: null },
  [EVENT_TYPES.paymentRepaid]: { stream: 'payments', owner: 'payments', subjectField: 'householdId' },
  [EVENT_TYPES.reimbursementReceived]: {
    stream: 'payments',
    owner: 'payments',
    subjectField: 'reimbursementId',
  },
  [EVENT_TYPES.ledgerPosted]: { stream: 'ledger', owner: 'payments', subjectField: 'postingId' },
  // The forecast service chooses the subject of its snapshots; there is no id in the data.
  [EVENT_TYPES.forecastPublished]: { stream: 'forecasts', owner: 'forecast', subjectField: null },
};

/** Where a system posts events of a type (SPEC §8); the forecast service takes none over HTTP. */
export const INGEST_ENDPOINTS: { readonly [S in OwningService]: string | null } = {
  intake: 'POST :3001/v1/events',
  payments: 'POST :3002/v1/events',
  forecast: null,
};
