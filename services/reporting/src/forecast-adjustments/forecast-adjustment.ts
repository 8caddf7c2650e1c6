import { isCivilDate } from '@ramprognos/calendar';
import { contractErrorMap, formatPath } from '@ramprognos/contracts';
import { parseSek, tryParseSek, type Ore } from '@ramprognos/money';
import { z } from 'zod';
import { BODY_FIELD, isAdopted, type BudgetFieldError, type BudgetState } from '../budgets';

/*
 * A controller's judgement on top of the statistical forecast (SPEC §8): "line X will end the
 * year this much above (or below) what the statistics say". Each adjustment is the line's whole
 * judgement as of its decidedOn, not an increment: a report counts, per line, the adjustment
 * with the latest decidedOn ≤ asOf (the later recorded on a tie). A controller revises a
 * judgement by posting the new amount, and withdraws it by posting 0.
 */

/** The body of `POST /v1/forecast-adjustments`. */
export interface ForecastAdjustmentRequest {
  readonly year: number;
  readonly line: string;
  /** YYYY-MM-DD in `year`: reports with asOf ≥ decidedOn count it. */
  readonly decidedOn: string;
  /** SEK as a decimal string, signed: + raises the forecast of net cost. */
  readonly amount: string;
  readonly comment: string;
}

export interface ForecastAdjustment extends ForecastAdjustmentRequest {
  readonly id: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const requestSchema = z
  .object({
    year: z.number().int().min(1900).max(2999),
    line: z.string().min(1).max(64),
    decidedOn: z.string().refine(isCivilDate, { message: 'must be a date in the form YYYY-MM-DD' }),
    amount: z.string().superRefine((value, ctx) => {
      const parsed = tryParseSek(value);
      if (!parsed.ok) ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.message });
    }),
    comment: z
      .string()
      .min(1, { message: 'is required: say why the statistics are not enough' })
      .max(1000)
      .refine((value) => value === '' || (value.trim() !== '' && !CONTROL.test(value)), {
        message: 'must be text without control characters',
      }),
  })
  .strict();

export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly reason: 'invalid' | 'not-found';
      readonly errors: readonly BudgetFieldError[];
    };

/** The body's shape, before the budget is known. */
export function validateForecastAdjustmentShape(raw: unknown): Checked<ForecastAdjustmentRequest> {
  const parsed = requestSchema.safeParse(raw, { errorMap: contractErrorMap });
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    reason: 'invalid',
    errors: parsed.error.issues.flatMap((issue) =>
      issue.code === z.ZodIssueCode.unrecognized_keys
        ? issue.keys
            .slice(0, 10)
            .map((key) => ({ field: formatPath([...issue.path, key]), message: issue.message }))
        : [{ field: issue.path.length === 0 ? BODY_FIELD : formatPath(issue.path), message: issue.message }],
    ),
  };
}

/** The rules that need the year's budget: there is one, the line is one of its lines, decidedOn is in its year. */
export function checkAgainstBudget(
  request: ForecastAdjustmentRequest,
  budget: BudgetState,
): Checked<ForecastAdjustmentRequest> {
  if (!isAdopted(budget) || budget.year !== request.year) {
    return {
      ok: false,
      reason: 'not-found',
      errors: [{ field: 'year', message: `no budget is adopted for ${request.year}` }],
    };
  }
  const errors: BudgetFieldError[] = [];
  if (!budget.budget.lines.some((line) => line.code === request.line)) {
    errors.push({ field: 'line', message: `is not a line of the ${request.year} budget` });
  }
  if (Number(request.decidedOn.slice(0, 4)) !== request.year) {
    errors.push({ field: 'decidedOn', message: `must be a date in ${request.year}` });
  }
  return errors.length > 0 ? { ok: false, reason: 'invalid', errors } : { ok: true, value: request };
}

/**
 * Per line, the adjustment that counts at asOf: the latest decidedOn ≤ asOf; on a tie the one
 * recorded last (`adjustments` are in recording order). Lines without one are absent.
 */
export function adjustmentsInForce(
  adjustments: readonly ForecastAdjustment[],
  asOf: string,
): Map<string, ForecastAdjustment> {
  const result = new Map<string, ForecastAdjustment>();
  for (const adjustment of adjustments) {
    if (adjustment.decidedOn > asOf) continue;
    const current = result.get(adjustment.line);
    if (current === undefined || adjustment.decidedOn >= current.decidedOn)
      result.set(adjustment.line, adjustment);
  }
  return result;
}

/** The amounts of `adjustmentsInForce`, öre per line: the `forecastAdjustments` input of the report. */
export function adjustmentAmounts(inForce: ReadonlyMap<string, ForecastAdjustment>): Record<string, Ore> {
  const result: Record<string, Ore> = {};
  for (const [line, adjustment] of inForce) result[line] = parseSek(adjustment.amount);
  return result;
}
