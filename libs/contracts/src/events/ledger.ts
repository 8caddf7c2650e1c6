import { z } from 'zod';
import type { CloudEvent } from '../envelope';
import { EVENT_TYPES } from '../event-types';
import { describe } from '../json-schema-hints';
import { codeSchema, dateSchema, idSchema, sekAmountSchema, textSchema } from '../primitives';

export const ledgerPostedDataSchema = z
  .object({
    postingId: idSchema,
    bookedOn: dateSchema,
    account: codeSchema,
    responsibility: codeSchema.optional(),
    activity: codeSchema.optional(),
    // The one signed amount of v1: a ledger row is a cost (+) or a revenue (−).
    amount: describe(sekAmountSchema('signed'), 'SEK, signed: cost +, revenue −; at most two decimals'),
    text: textSchema.optional(),
  })
  .strict();

export type LedgerPostedData = z.infer<typeof ledgerPostedDataSchema>;
export type LedgerPosted = CloudEvent<typeof EVENT_TYPES.ledgerPosted, LedgerPostedData>;
