import { EVENT_TYPES, type PublishedEvent } from '@ramprognos/contracts';
import { parseSek } from '@ramprognos/money';

/*
 * Pure mapping of validated events to the rows of the projection tables. Amounts become öre as
 * decimal integer strings (bigint in PostgreSQL); nothing here touches a database.
 */

export interface EventIdentity {
  readonly source: string;
  readonly id: string;
}

interface Known {
  readonly known_at: string;
  readonly event_id: string;
}

export interface PaymentRow extends Known {
  readonly payment_id: string;
  readonly household_id: string;
  readonly case_id: string;
  readonly paid_on: string;
  readonly benefit_month: string;
  readonly amount_ore: string;
  readonly categories: string[];
  readonly component_ore: string[];
  readonly housing_above_norm_ore: string | null;
}
export interface ReversalRow extends Known {
  readonly payment_id: string;
  readonly reversed_on: string;
}
export interface RepaymentRow extends Known {
  readonly repayment_id: string;
  readonly household_id: string;
  readonly received_on: string;
  readonly category: string;
  readonly amount_ore: string;
}
export interface ReimbursementRow extends Known {
  readonly reimbursement_id: string;
  readonly received_on: string;
  readonly payer: string;
  readonly category: string;
  readonly amount_ore: string;
}
export interface LedgerRow extends Known {
  readonly posting_id: string;
  readonly booked_on: string;
  readonly account: string;
  readonly responsibility: string | null;
  readonly activity: string | null;
  readonly amount_ore: string;
}
export interface PlacementRow extends Known {
  readonly placement_id: string;
  readonly case_id: string;
  readonly placement_type: string;
  readonly regi: string;
  readonly target_group: string;
  readonly start_date: string;
  readonly planned_end_date: string | null;
  readonly daily_rate_ore: string;
  readonly provider_id: string | null;
}
export interface RateChangeRow extends Known {
  readonly source: string;
  readonly placement_id: string;
  readonly effective_from: string;
  readonly daily_rate_ore: string;
}
export interface PlacementEndRow extends Known {
  readonly source: string;
  readonly placement_id: string;
  readonly end_date: string;
}
export interface CaseEventRow extends Known {
  readonly source: string;
  readonly kind: 'opened' | 'decided' | 'closed';
  readonly case_id: string;
  readonly household_id: string | null;
  readonly case_type: string | null;
  readonly detail: string | null;
  readonly business_date: string;
  readonly amount_ore: string | null;
}

export interface ProjectionRows {
  readonly payments: PaymentRow[];
  readonly reversals: ReversalRow[];
  readonly repayments: RepaymentRow[];
  readonly reimbursements: ReimbursementRow[];
  readonly ledger: LedgerRow[];
  readonly placements: PlacementRow[];
  readonly rateChanges: RateChangeRow[];
  readonly placementEnds: PlacementEndRow[];
  readonly caseEvents: CaseEventRow[];
}

const ore = (amount: string): string => parseSek(amount).toString();

/** ISO instant in UTC, so that string order is time order for the earliest-known rule. */
const instant = (time: string): string => new Date(time).toISOString();

/** Earlier knowledge time wins, then the smaller event id: independent of arrival order. */
function earlier(a: Known, b: Known): boolean {
  return a.known_at < b.known_at || (a.known_at === b.known_at && a.event_id < b.event_id);
}

/** One row per business id, the earliest-known (the same rule the upsert applies across batches). */
function earliestBy<R extends Known>(rows: R[], id: (row: R) => string): R[] {
  const kept = new Map<string, R>();
  for (const row of rows) {
    const current = kept.get(id(row));
    if (current === undefined || earlier(row, current)) kept.set(id(row), row);
  }
  return [...kept.values()];
}

export function toProjectionRows(events: readonly PublishedEvent[]): ProjectionRows {
  const rows: ProjectionRows = {
    payments: [],
    reversals: [],
    repayments: [],
    reimbursements: [],
    ledger: [],
    placements: [],
    rateChanges: [],
    placementEnds: [],
    caseEvents: [],
  };
  for (const event of events) {
    const known: Known = { known_at: instant(event.time), event_id: event.id };
    switch (event.type) {
      case EVENT_TYPES.paymentDisbursed: {
        const d = event.data;
        rows.payments.push({
          ...known,
          payment_id: d.paymentId,
          household_id: d.householdId,
          case_id: d.caseId,
          paid_on: d.paidOn,
          benefit_month: d.benefitMonth,
          amount_ore: ore(d.amount),
          categories: d.components.map((c) => c.category),
          component_ore: d.components.map((c) => ore(c.amount)),
          housing_above_norm_ore: d.housingAboveNorm === undefined ? null : ore(d.housingAboveNorm),
        });
        break;
      }
      case EVENT_TYPES.paymentReversed:
        rows.reversals.push({ ...known, payment_id: event.data.paymentId, reversed_on: event.data.reversedOn });
        break;
      case EVENT_TYPES.paymentRepaid: {
        const d = event.data;
        rows.repayments.push({
          ...known,
          repayment_id: d.repaymentId,
          household_id: d.householdId,
          received_on: d.receivedOn,
          category: d.category,
          amount_ore: ore(d.amount),
        });
        break;
      }
      case EVENT_TYPES.reimbursementReceived: {
        const d = event.data;
        rows.reimbursements.push({
          ...known,
          reimbursement_id: d.reimbursementId,
          received_on: d.receivedOn,
          payer: d.payer,
          category: d.category,
          amount_ore: ore(d.amount),
        });
        break;
      }
      case EVENT_TYPES.ledgerPosted: {
        const d = event.data;
        rows.ledger.push({
          ...known,
          posting_id: d.postingId,
          booked_on: d.bookedOn,
          account: d.account,
          responsibility: d.responsibility ?? null,
          activity: d.activity ?? null,
          amount_ore: ore(d.amount),
        });
        break;
      }
      case EVENT_TYPES.placementStarted: {
        const d = event.data;
        rows.placements.push({
          ...known,
          placement_id: d.placementId,
          case_id: d.caseId,
          placement_type: d.placementType,
          regi: d.regi,
          target_group: d.targetGroup,
          start_date: d.startDate,
          planned_end_date: d.plannedEndDate ?? null,
          daily_rate_ore: ore(d.dailyRate),
          provider_id: d.providerId ?? null,
        });
        break;
      }
      case EVENT_TYPES.placementRateChanged:
        rows.rateChanges.push({
          ...known,
          source: event.source,
          placement_id: event.data.placementId,
          effective_from: event.data.effectiveFrom,
          daily_rate_ore: ore(event.data.dailyRate),
        });
        break;
      case EVENT_TYPES.placementEnded:
        rows.placementEnds.push({
          ...known,
          source: event.source,
          placement_id: event.data.placementId,
          end_date: event.data.endDate,
        });
        break;
      case EVENT_TYPES.caseOpened:
        rows.caseEvents.push({
          ...known,
          source: event.source,
          kind: 'opened',
          case_id: event.data.caseId,
          household_id: event.data.householdId,
          case_type: event.data.caseType,
          detail: null,
          business_date: event.data.openedOn,
          amount_ore: null,
        });
        break;
      case EVENT_TYPES.caseDecided:
        rows.caseEvents.push({
          ...known,
          source: event.source,
          kind: 'decided',
          case_id: event.data.caseId,
          household_id: null,
          case_type: null,
          detail: event.data.decisionType,
          business_date: event.data.decidedOn,
          amount_ore: event.data.amount === undefined ? null : ore(event.data.amount),
        });
        break;
      case EVENT_TYPES.caseClosed:
        rows.caseEvents.push({
          ...known,
          source: event.source,
          kind: 'closed',
          case_id: event.data.caseId,
          household_id: null,
          case_type: null,
          detail: event.data.reason,
          business_date: event.data.closedOn,
          amount_ore: null,
        });
        break;
      default:
        // Other types (forecast.published) carry no actuals.
        break;
    }
  }
  return {
    ...rows,
    payments: earliestBy(rows.payments, (r) => r.payment_id),
    reversals: earliestBy(rows.reversals, (r) => r.payment_id),
    repayments: earliestBy(rows.repayments, (r) => r.repayment_id),
    reimbursements: earliestBy(rows.reimbursements, (r) => r.reimbursement_id),
    ledger: earliestBy(rows.ledger, (r) => r.posting_id),
    placements: earliestBy(rows.placements, (r) => r.placement_id),
  };
}
