import type { z } from 'zod';
import { cloudEventSchema } from './envelope';
import { ALL_EVENT_TYPES, EVENT_TYPES, EVENT_TYPE_INFO, type EventType } from './event-types';
import {
  caseClosedDataSchema,
  caseDecidedDataSchema,
  caseOpenedDataSchema,
  caseOpenedInboundDataSchema,
  type CaseClosed,
  type CaseDecided,
  type CaseOpened,
  type CaseOpenedInbound,
} from './events/cases';
import { forecastPublishedDataSchema, type ForecastPublished } from './events/forecasts';
import { ledgerPostedDataSchema, type LedgerPosted } from './events/ledger';
import {
  paymentDisbursedDataSchema,
  paymentRepaidDataSchema,
  paymentReversedDataSchema,
  reimbursementReceivedDataSchema,
  type PaymentDisbursed,
  type PaymentRepaid,
  type PaymentReversed,
  type ReimbursementReceived,
} from './events/payments';
import {
  placementEndedDataSchema,
  placementRateChangedDataSchema,
  placementStartedDataSchema,
  type PlacementEnded,
  type PlacementRateChanged,
  type PlacementStarted,
} from './events/placements';

/**
 * inbound: as systems send events to intake and payments (HTTP or the inbound topic).
 * published: as the owning service puts them on its topic. Only case.opened differs:
 * personnummer in, personRef out.
 */
export type EventForm = 'inbound' | 'published';

type OtherEvent =
  | CaseDecided
  | CaseClosed
  | PlacementStarted
  | PlacementRateChanged
  | PlacementEnded
  | PaymentDisbursed
  | PaymentReversed
  | PaymentRepaid
  | ReimbursementReceived
  | LedgerPosted
  | ForecastPublished;

export type InboundEvent = CaseOpenedInbound | OtherEvent;
export type PublishedEvent = CaseOpened | OtherEvent;
export type ValidEvent = InboundEvent | PublishedEvent;

const SAME_IN_BOTH_FORMS: {
  readonly [T in Exclude<EventType, typeof EVENT_TYPES.caseOpened>]: z.ZodTypeAny;
} = {
  [EVENT_TYPES.caseDecided]: caseDecidedDataSchema,
  [EVENT_TYPES.caseClosed]: caseClosedDataSchema,
  [EVENT_TYPES.placementStarted]: placementStartedDataSchema,
  [EVENT_TYPES.placementRateChanged]: placementRateChangedDataSchema,
  [EVENT_TYPES.placementEnded]: placementEndedDataSchema,
  [EVENT_TYPES.paymentDisbursed]: paymentDisbursedDataSchema,
  [EVENT_TYPES.paymentReversed]: paymentReversedDataSchema,
  [EVENT_TYPES.paymentRepaid]: paymentRepaidDataSchema,
  [EVENT_TYPES.reimbursementReceived]: reimbursementReceivedDataSchema,
  [EVENT_TYPES.ledgerPosted]: ledgerPostedDataSchema,
  [EVENT_TYPES.forecastPublished]: forecastPublishedDataSchema,
};

export function dataSchemaFor(type: EventType, form: EventForm): z.ZodTypeAny {
  if (type === EVENT_TYPES.caseOpened) {
    return form === 'inbound' ? caseOpenedInboundDataSchema : caseOpenedDataSchema;
  }
  return SAME_IN_BOTH_FORMS[type];
}

type EventSchemas = { readonly [T in EventType]: z.ZodTypeAny };

function buildEventSchemas(form: EventForm): EventSchemas {
  const entries = ALL_EVENT_TYPES.map((type) => [
    type,
    cloudEventSchema(type, dataSchemaFor(type, form), EVENT_TYPE_INFO[type].subjectField),
  ]);
  return Object.fromEntries(entries) as EventSchemas;
}

const EVENT_SCHEMAS: { readonly [F in EventForm]: EventSchemas } = {
  inbound: buildEventSchemas('inbound'),
  published: buildEventSchemas('published'),
};

/** The whole event of one type, envelope and data. Prefer validateEvents, which reports better. */
export function eventSchemaFor(type: EventType, form: EventForm): z.ZodTypeAny {
  return EVENT_SCHEMAS[form][type];
}
