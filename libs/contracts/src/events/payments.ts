import { formatSek, tryParseSek, type Ore } from '@ramprognos/money';
import { z } from 'zod';
import type { CloudEvent } from '../envelope';
import { EVENT_TYPES } from '../event-types';
import { codeSchema, dateSchema, idSchema, ownField, sekAmountSchema, yearMonthSchema } from '../primitives';

/*
 * Signs: every amount here is a positive sum of money moving in one direction; the event type
 * says which. A payment, repayment or reimbursement of zero is not an event, so their amounts
 * must be greater than zero. A component of a payment may be zero (a line printed on the
 * decision), and housingAboveNorm may be zero.
 */

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
export const REPAYMENT_CATEGORIES = ['ATERBETALNING', 'ATERKRAV'] as const;
export const PAYERS = ['MIGRATIONSVERKET', 'FORSAKRINGSKASSAN', 'ANNAN'] as const;

const MAX_COMPONENTS = 50;

// ---------------------------------------------------------------- payment.disbursed

const componentSchema = z
  .object({
    category: z.enum(COMPONENT_CATEGORIES),
    amount: sekAmountSchema('nonNegative'),
  })
  .strict();

/** Cross-field checks, run on the raw data so that they are reported next to any other error. */
function checkDisbursedSums(raw: unknown, ctx: z.RefinementCtx): void {
  const components = ownField(raw, 'components');
  if (!Array.isArray(components) || components.length === 0 || components.length > MAX_COMPONENTS) return;
  const amounts = components.map((component) => oreOf(ownField(component, 'amount')));
  if (amounts.some((ore) => ore === null)) return;
  const total = (amounts as Ore[]).reduce((sum, ore) => sum + ore, 0n);
  const amount = oreOf(ownField(raw, 'amount'));
  if (amount !== null && total !== amount) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['components'],
      message: `must sum to amount: the components sum to ${formatSek(total)}, amount is ${formatSek(amount)}`,
    });
  }
  const aboveNorm = oreOf(ownField(raw, 'housingAboveNorm'));
  if (aboveNorm !== null) {
    const housing = components.reduce<Ore>(
      (sum, component, i) => (ownField(component, 'category') === 'BOENDE' ? sum + (amounts[i] as Ore) : sum),
      0n,
    );
    if (aboveNorm > housing) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['housingAboveNorm'],
        message: `must not exceed the BOENDE components (${formatSek(housing)}): it is the part of BOENDE above the norm`,
      });
    }
  }
}

function oreOf(value: unknown): Ore | null {
  const parsed = tryParseSek(value);
  return parsed.ok ? parsed.ore : null;
}

export const paymentDisbursedDataSchema = z.preprocess(
  (raw, ctx) => {
    checkDisbursedSums(raw, ctx);
    return raw;
  },
  z
    .object({
      paymentId: idSchema,
      caseId: idSchema,
      householdId: idSchema,
      paidOn: dateSchema,
      benefitMonth: yearMonthSchema,
      amount: sekAmountSchema('positive'),
      components: z.array(componentSchema).min(1).max(MAX_COMPONENTS),
      housingAboveNorm: sekAmountSchema('nonNegative').optional(),
    })
    .strict(),
);

export type PaymentDisbursedData = z.infer<typeof paymentDisbursedDataSchema>;
export type PaymentDisbursed = CloudEvent<typeof EVENT_TYPES.paymentDisbursed, PaymentDisbursedData>;

// ---------------------------------------------------------------- payment.reversed

export const paymentReversedDataSchema = z
  .object({
    paymentId: idSchema,
    reversedOn: dateSchema,
  })
  .strict();

export type PaymentReversedData = z.infer<typeof paymentReversedDataSchema>;
export type PaymentReversed = CloudEvent<typeof EVENT_TYPES.paymentReversed, PaymentReversedData>;

// ---------------------------------------------------------------- payment.repaid

export const paymentRepaidDataSchema = z
  .object({
    repaymentId: idSchema,
    caseId: idSchema,
    householdId: idSchema,
    receivedOn: dateSchema,
    amount: sekAmountSchema('positive'),
    category: z.enum(REPAYMENT_CATEGORIES),
  })
  .strict();

export type PaymentRepaidData = z.infer<typeof paymentRepaidDataSchema>;
export type PaymentRepaid = CloudEvent<typeof EVENT_TYPES.paymentRepaid, PaymentRepaidData>;

// ---------------------------------------------------------------- reimbursement.received

export const reimbursementReceivedDataSchema = z
  .object({
    reimbursementId: idSchema,
    receivedOn: dateSchema,
    amount: sekAmountSchema('positive'),
    payer: z.enum(PAYERS),
    // SPEC §4 fixes no list: the payer's own category (e.g. a Migrationsverket ersättningsform).
    category: codeSchema,
  })
  .strict();

export type ReimbursementReceivedData = z.infer<typeof reimbursementReceivedDataSchema>;
export type ReimbursementReceived = CloudEvent<
  typeof EVENT_TYPES.reimbursementReceived,
  ReimbursementReceivedData
>;
