// The CloudEvents this generator produces, typed after SPEC §4. Declared here rather than taken
// from @ramprognos/contracts so that the generator stays an independent producer whose output
// the contracts' validator can check.

export const EVENT_TYPE = {
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
} as const;

export type GeneratedEventType = (typeof EVENT_TYPE)[keyof typeof EVENT_TYPE];
export const GENERATED_EVENT_TYPES: readonly GeneratedEventType[] = Object.values(EVENT_TYPE);

export const SOURCE = {
  lifecare: 'urn:system:lifecare',
  utbetalning: 'urn:system:utbetalning',
  raindance: 'urn:system:raindance',
} as const;

export type GeneratedSource = (typeof SOURCE)[keyof typeof SOURCE];

export const CASE_TYPES = [
  'EKONOMISKT_BISTAND',
  'BARN_UNGA',
  'VUXEN',
  'HEMLOSHET',
  'VALD_I_NARA_RELATION',
  'ANNAT',
] as const;
export type CaseType = (typeof CASE_TYPES)[number];
export const DECISION_TYPES = ['BEVILJAT', 'AVSLAG', 'ATERKRAV', 'POLISANMALAN'] as const;
export type DecisionType = (typeof DECISION_TYPES)[number];
export const CLOSING_REASONS = ['ARBETE', 'STUDIER', 'ANNAN_ERSATTNING', 'FLYTT', 'OVRIGT'] as const;
export type ClosingReason = (typeof CLOSING_REASONS)[number];
export const PLACEMENT_TYPES = [
  'FAMILJEHEM',
  'JOURHEM',
  'KONSULENTSTOTT_FAMILJEHEM',
  'HVB',
  'SIS',
  'STODBOENDE',
  'SKYDDAT_BOENDE',
  'AKUTBOENDE',
  'TILLFALLIGT_BOENDE_MED_STOD',
  'BOSTAD_FORST',
  'HARBARGE',
  'KORTTIDSBOENDE',
] as const;
export type PlacementType = (typeof PLACEMENT_TYPES)[number];
export const REGI = ['EGEN', 'EXTERN'] as const;
export type Regi = (typeof REGI)[number];
export const TARGET_GROUPS = ['BARN_UNGA', 'VUXEN', 'ENSAMKOMMANDE'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];
export const COMPONENT_CATEGORIES = [
  'FORSORJNINGSSTOD',
  'BOENDE',
  'HUSHALLSEL',
  'HEMFORSAKRING',
  'ARBETSRESOR',
  'TANDVARD',
  'LIVSFORING_OVRIGT',
  'NODBISTAND',
] as const;
export type ComponentCategory = (typeof COMPONENT_CATEGORIES)[number];
export const REPAYMENT_CATEGORIES = ['ATERBETALNING', 'ATERKRAV'] as const;
export type RepaymentCategory = (typeof REPAYMENT_CATEGORIES)[number];
export const PAYERS = ['MIGRATIONSVERKET', 'FORSAKRINGSKASSAN', 'ANNAN'] as const;
export type Payer = (typeof PAYERS)[number];

export interface CaseOpenedData {
  readonly caseId: string;
  readonly householdId: string;
  readonly caseType: CaseType;
  readonly openedOn: string;
  readonly unit?: string;
  readonly adults?: number;
  readonly children?: number;
  readonly personnummer?: string;
}
export interface CaseDecidedData {
  readonly caseId: string;
  readonly decisionId: string;
  readonly decisionType: DecisionType;
  readonly decidedOn: string;
  readonly amount?: string;
}
export interface CaseClosedData {
  readonly caseId: string;
  readonly closedOn: string;
  readonly reason: ClosingReason;
}
export interface PlacementStartedData {
  readonly placementId: string;
  readonly caseId: string;
  readonly placementType: PlacementType;
  readonly regi: Regi;
  readonly targetGroup: TargetGroup;
  readonly startDate: string;
  readonly plannedEndDate?: string;
  readonly dailyRate: string;
  readonly providerId?: string;
}
export interface PlacementRateChangedData {
  readonly placementId: string;
  readonly effectiveFrom: string;
  readonly dailyRate: string;
}
export interface PlacementEndedData {
  readonly placementId: string;
  readonly endDate: string;
}
export interface PaymentComponent {
  readonly category: ComponentCategory;
  readonly amount: string;
}
export interface PaymentDisbursedData {
  readonly paymentId: string;
  readonly caseId: string;
  readonly householdId: string;
  readonly paidOn: string;
  readonly benefitMonth: string;
  readonly amount: string;
  readonly components: readonly PaymentComponent[];
  readonly housingAboveNorm?: string;
}
export interface PaymentReversedData {
  readonly paymentId: string;
  readonly reversedOn: string;
}
export interface PaymentRepaidData {
  readonly repaymentId: string;
  readonly caseId: string;
  readonly householdId: string;
  readonly receivedOn: string;
  readonly amount: string;
  readonly category: RepaymentCategory;
}
export interface ReimbursementReceivedData {
  readonly reimbursementId: string;
  readonly receivedOn: string;
  readonly amount: string;
  readonly payer: Payer;
  readonly category: string;
}
export interface LedgerPostedData {
  readonly postingId: string;
  readonly bookedOn: string;
  readonly account: string;
  readonly responsibility?: string;
  readonly activity?: string;
  readonly amount: string;
  readonly text?: string;
}

export interface DataByType {
  readonly [EVENT_TYPE.caseOpened]: CaseOpenedData;
  readonly [EVENT_TYPE.caseDecided]: CaseDecidedData;
  readonly [EVENT_TYPE.caseClosed]: CaseClosedData;
  readonly [EVENT_TYPE.placementStarted]: PlacementStartedData;
  readonly [EVENT_TYPE.placementRateChanged]: PlacementRateChangedData;
  readonly [EVENT_TYPE.placementEnded]: PlacementEndedData;
  readonly [EVENT_TYPE.paymentDisbursed]: PaymentDisbursedData;
  readonly [EVENT_TYPE.paymentReversed]: PaymentReversedData;
  readonly [EVENT_TYPE.paymentRepaid]: PaymentRepaidData;
  readonly [EVENT_TYPE.reimbursementReceived]: ReimbursementReceivedData;
  readonly [EVENT_TYPE.ledgerPosted]: LedgerPostedData;
}

/** A CloudEvents 1.0 structured-mode event, exactly as SPEC §4 has it. */
export interface CloudEvent<T extends GeneratedEventType = GeneratedEventType> {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: GeneratedSource;
  readonly type: T;
  readonly time: string;
  readonly subject: string;
  readonly datacontenttype: 'application/json';
  readonly data: DataByType[T];
}

/** Any one generated event, discriminated by `type`. */
export type GeneratedEvent = { [T in GeneratedEventType]: CloudEvent<T> }[GeneratedEventType];
