import { z } from 'zod';

/*
 * What the forecast service answers (docs/forecast-query-api.md), checked before any figure is
 * used: a malformed answer is a 502, never a wrong report. Unknown fields are ignored, so the
 * forecast service can add to its answers without breaking reports.
 */

const oreString = z.string().regex(/^-?(?:0|[1-9][0-9]{0,20})$/, 'must be öre as a decimal integer string');
const count = z.number().int().min(0);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const month = z.string().regex(/^\d{4}-\d{2}$/, 'must be a month YYYY-MM');

export const actualsResponseSchema = z.object({
  year: z.number().int(),
  asOf: date,
  knownAt: z.string(),
  keys: z.array(
    z.object({
      key: z.string().min(1),
      months: z.array(z.object({ month, amount: oreString, careDays: count.optional() })),
    }),
  ),
});

export const householdsResponseSchema = z.object({
  groups: z.record(z.array(z.object({ month, households: count }))),
});

/** A key's volume: the engine's `{unit, actualYtd, forecastFullYear}`, or a bare full-year number (the published event's form). */
const volumeSchema = z
  .union([
    z.null(),
    z.number().finite().min(0),
    z.object({
      unit: z.string(),
      actualYtd: z.number().finite().min(0).nullable().optional(),
      forecastFullYear: z.number().finite().min(0).nullable(),
    }),
  ])
  .optional()
  .transform((v) => v ?? null);

export const forecastKeySchema = z.object({
  key: z.string().min(1),
  actualYtd: oreString.optional(),
  forecastFullYear: oreString,
  low: oreString,
  high: oreString,
  method: z.string().min(1),
  volume: volumeSchema,
  unitCost: oreString.nullable().optional(),
});

export type ForecastKeyAnswer = z.output<typeof forecastKeySchema>;

export const forecastsResponseSchema = z.object({
  year: z.number().int(),
  asOf: date,
  knownAt: z.string().optional(),
  keys: z.array(forecastKeySchema),
});

export type ForecastsAnswer = z.output<typeof forecastsResponseSchema>;

const snapshotId = z.union([z.string().min(1), z.number()]).transform(String);

const snapshotSummarySchema = z.object({
  id: snapshotId,
  year: z.number().int().optional(),
  asOf: date,
  knownAt: z.string().optional(),
});

export type SnapshotSummary = z.output<typeof snapshotSummarySchema>;

/** `GET /v1/snapshots?year`: a list, bare or as `{snapshots: [...]}`. */
export const snapshotListSchema = z
  .union([z.array(snapshotSummarySchema), z.object({ snapshots: z.array(snapshotSummarySchema) })])
  .transform((list) => (Array.isArray(list) ? list : list.snapshots));

/** `GET /v1/snapshots/{id}`: the forecast as published at that asOf. */
export const snapshotSchema = snapshotSummarySchema.extend({ keys: z.array(forecastKeySchema) });

export type Snapshot = z.output<typeof snapshotSchema>;
