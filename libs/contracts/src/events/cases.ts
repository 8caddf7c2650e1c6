import { z } from 'zod';
import type { CloudEvent } from '../envelope';
import { EVENT_TYPES } from '../event-types';
import { PERSON_REF_PATTERN, checkPersonnummer, pseudonymise } from '../personnummer';
import {
  codeSchema,
  dateSchema,
  forbiddenField,
  headcountSchema,
  idSchema,
  isCalendarDate,
  ownField,
  sekAmountSchema,
} from '../primitives';
import { tryParseSek } from '@ramprognos/money';
import { withJsonSchema } from '../json-schema-hints';

export const CASE_TYPES = [
  'EKONOMISKT_BISTAND',
  'BARN_UNGA',
  'VUXEN',
  'HEMLOSHET',
  'VALD_I_NARA_RELATION',
  'ANNAT',
] as const;
export const DECISION_TYPES = ['BEVILJAT', 'AVSLAG', 'ATERKRAV', 'POLISANMALAN'] as const;
export const CLOSING_REASONS = ['ARBETE', 'STUDIER', 'ANNAN_ERSATTNING', 'FLYTT', 'OVRIGT'] as const;

// ---------------------------------------------------------------- case.opened

const caseOpenedShape = {
  caseId: idSchema,
  householdId: idSchema,
  caseType: z.enum(CASE_TYPES),
  openedOn: dateSchema,
  unit: codeSchema.optional(),
  adults: headcountSchema.optional(),
  children: headcountSchema.optional(),
};

/** As systems send it to intake: may carry the raw personnummer. */
export const caseOpenedInboundDataSchema = z.preprocess(
  (raw, ctx) => {
    const personnummer = ownField(raw, 'personnummer');
    if (typeof personnummer === 'string' && personnummer.length <= 32) {
      // openedOn places a 10-digit personnummer in its century.
      const openedOn = ownField(raw, 'openedOn');
      const referenceYear = isCalendarDate(openedOn) ? Number(openedOn.slice(0, 4)) : null;
      const check = checkPersonnummer(personnummer, referenceYear);
      if (!check.ok)
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['personnummer'], message: check.message });
    }
    return raw;
  },
  z
    .object({
      ...caseOpenedShape,
      personnummer: withJsonSchema(z.string().max(32), {
        description: 'personnummer or samordningsnummer, 12 or 10 digits; never published',
      }).optional(),
    })
    .strict(),
);

/** As intake publishes it: the personnummer replaced by personRef. */
export const caseOpenedDataSchema = z
  .object({
    ...caseOpenedShape,
    personRef: withJsonSchema(
      z.string().regex(PERSON_REF_PATTERN, { message: 'must be 64 lowercase hex digits (HMAC-SHA256)' }),
      { description: 'keyed hash (HMAC-SHA256, hex) of the personnummer' },
    ).optional(),
    personnummer: forbiddenField('must never be published; intake replaces it by personRef'),
  })
  .strict();

export type CaseOpenedInboundData = z.infer<typeof caseOpenedInboundDataSchema>;
export type CaseOpenedData = z.infer<typeof caseOpenedDataSchema>;
export type CaseOpenedInbound = CloudEvent<typeof EVENT_TYPES.caseOpened, CaseOpenedInboundData>;
export type CaseOpened = CloudEvent<typeof EVENT_TYPES.caseOpened, CaseOpenedData>;

/** Intake's step from the inbound to the published form; the result carries no personnummer. */
export function pseudonymiseCaseOpened(event: CaseOpenedInbound, key: string | Uint8Array): CaseOpened {
  const { personnummer, ...data } = event.data;
  if (personnummer === undefined) return { ...event, data };
  const personRef = pseudonymise(personnummer, key, Number(data.openedOn.slice(0, 4)));
  return { ...event, data: { ...data, personRef } };
}

// ---------------------------------------------------------------- case.decided

/*
 * amount: the claim of an ATERKRAV, required there and greater than zero. Other decisions may
 * carry an amount (e.g. what was granted); it is then not negative.
 */
export const caseDecidedDataSchema = z.preprocess(
  (raw, ctx) => {
    if (ownField(raw, 'decisionType') !== 'ATERKRAV') return raw;
    const amount = ownField(raw, 'amount');
    if (amount === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['amount'],
        message: 'is required when decisionType is ATERKRAV (the claim)',
      });
    } else {
      const parsed = tryParseSek(amount);
      if (parsed.ok && parsed.ore === 0n) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['amount'],
          message: 'must be greater than zero for ATERKRAV',
        });
      }
    }
    return raw;
  },
  z
    .object({
      caseId: idSchema,
      decisionId: idSchema,
      decisionType: z.enum(DECISION_TYPES),
      decidedOn: dateSchema,
      amount: sekAmountSchema('nonNegative').optional(),
    })
    .strict(),
);

export type CaseDecidedData = z.infer<typeof caseDecidedDataSchema>;
export type CaseDecided = CloudEvent<typeof EVENT_TYPES.caseDecided, CaseDecidedData>;

// ---------------------------------------------------------------- case.closed

export const caseClosedDataSchema = z
  .object({
    caseId: idSchema,
    closedOn: dateSchema,
    reason: z.enum(CLOSING_REASONS),
  })
  .strict();

export type CaseClosedData = z.infer<typeof caseClosedDataSchema>;
export type CaseClosed = CloudEvent<typeof EVENT_TYPES.caseClosed, CaseClosedData>;
