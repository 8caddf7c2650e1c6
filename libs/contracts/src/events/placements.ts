import { z } from 'zod';
import type { CloudEvent } from '../envelope';
import { EVENT_TYPES } from '../event-types';
import { describe } from '../json-schema-hints';
import { codeSchema, dateSchema, idSchema, isCalendarDate, ownField, sekAmountSchema } from '../primitives';

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
export const REGI = ['EGEN', 'EXTERN'] as const;
export const TARGET_GROUPS = ['BARN_UNGA', 'VUXEN', 'ENSAMKOMMANDE'] as const;

/** A daily rate of 0 is allowed: some placements in egen regi carry no cost of their own. */
const dailyRateSchema = sekAmountSchema('nonNegative');

// ---------------------------------------------------------------- placement.started

export const placementStartedDataSchema = z.preprocess(
  (raw, ctx) => {
    const start = ownField(raw, 'startDate');
    const plannedEnd = ownField(raw, 'plannedEndDate');
    // Both inclusive: a placement planned to end on its first day lasts one day.
    if (isCalendarDate(start) && isCalendarDate(plannedEnd) && plannedEnd < start) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['plannedEndDate'],
        message: 'must not be before startDate',
      });
    }
    return raw;
  },
  z
    .object({
      placementId: idSchema,
      caseId: idSchema,
      placementType: z.enum(PLACEMENT_TYPES),
      regi: z.enum(REGI),
      targetGroup: z.enum(TARGET_GROUPS),
      startDate: dateSchema,
      plannedEndDate: dateSchema.optional(),
      dailyRate: dailyRateSchema,
      providerId: codeSchema.optional(),
    })
    .strict(),
);

export type PlacementStartedData = z.infer<typeof placementStartedDataSchema>;
export type PlacementStarted = CloudEvent<typeof EVENT_TYPES.placementStarted, PlacementStartedData>;

// ---------------------------------------------------------------- placement.rate-changed

export const placementRateChangedDataSchema = z
  .object({
    placementId: idSchema,
    effectiveFrom: dateSchema,
    dailyRate: dailyRateSchema,
  })
  .strict();

export type PlacementRateChangedData = z.infer<typeof placementRateChangedDataSchema>;
export type PlacementRateChanged = CloudEvent<
  typeof EVENT_TYPES.placementRateChanged,
  PlacementRateChangedData
>;

// ---------------------------------------------------------------- placement.ended

export const placementEndedDataSchema = z
  .object({
    placementId: idSchema,
    endDate: describe(dateSchema, 'the last day of care, inclusive'),
  })
  .strict();

export type PlacementEndedData = z.infer<typeof placementEndedDataSchema>;
export type PlacementEnded = CloudEvent<typeof EVENT_TYPES.placementEnded, PlacementEndedData>;
