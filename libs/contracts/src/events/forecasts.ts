import { z } from 'zod';
import type { CloudEvent } from '../envelope';
import { EVENT_TYPES } from '../event-types';
import { describe } from '../json-schema-hints';
import {
  MAX_ID_LENGTH,
  dateSchema,
  isCalendarDate,
  oreIntegerSchema,
  ownField,
  timestampSchema,
  wellFormedString,
} from '../primitives';

const MAX_KEYS = 10_000;

const forecastKeySchema = z
  .object({
    key: describe(wellFormedString(MAX_ID_LENGTH), 'the classification key the figures are for'),
    actualYtd: oreIntegerSchema,
    forecastFullYear: oreIntegerSchema,
    low: oreIntegerSchema,
    high: oreIntegerSchema,
    method: wellFormedString(MAX_ID_LENGTH),
    volume: z.number().finite().min(0).nullable(),
    unitCost: oreIntegerSchema.nullable(),
  })
  .strict();

/** A band that does not hold its own forecast, or a key given twice, is a bug in the sender. */
function checkForecast(raw: unknown, ctx: z.RefinementCtx): void {
  const year = ownField(raw, 'year');
  const asOf = ownField(raw, 'asOf');
  if (typeof year === 'number' && isCalendarDate(asOf) && Number(asOf.slice(0, 4)) !== year) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['asOf'], message: 'must be a date in year' });
  }
  const keys = ownField(raw, 'keys');
  if (!Array.isArray(keys) || keys.length > MAX_KEYS) return;
  const seen = new Set<string>();
  keys.forEach((entry, i) => {
    const key = ownField(entry, 'key');
    if (typeof key === 'string') {
      if (seen.has(key)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['keys', i, 'key'],
          message: 'appears twice in keys',
        });
      }
      seen.add(key);
    }
    const [low, forecast, high] = ['low', 'forecastFullYear', 'high'].map((field) =>
      oreOf(ownField(entry, field)),
    );
    if (low !== null && forecast !== null && high !== null && !(low <= forecast && forecast <= high)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['keys', i],
        message: 'must have low ≤ forecastFullYear ≤ high',
      });
    }
  });
}

function oreOf(value: unknown): bigint | null {
  return typeof value === 'string' && oreIntegerSchema.safeParse(value).success ? BigInt(value) : null;
}

/** Emitted by the forecast service; all amounts are öre as decimal integer strings. */
export const forecastPublishedDataSchema = z.preprocess(
  (raw, ctx) => {
    checkForecast(raw, ctx);
    return raw;
  },
  z
    .object({
      year: z.number().int().min(1900).max(2999),
      asOf: dateSchema,
      knownAt: timestampSchema,
      keys: z.array(forecastKeySchema).max(MAX_KEYS),
    })
    .strict(),
);

export type ForecastPublishedData = z.infer<typeof forecastPublishedDataSchema>;
export type ForecastPublished = CloudEvent<typeof EVENT_TYPES.forecastPublished, ForecastPublishedData>;
