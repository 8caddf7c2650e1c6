import { isCivilDate } from '@ramprognos/calendar';
import {
  COMPONENT_CATEGORIES,
  PAYERS,
  PLACEMENT_TYPES,
  REGI,
  REPAYMENT_CATEGORIES,
  TARGET_GROUPS,
  contractErrorMap,
  formatPath,
} from '@ramprognos/contracts';
import { decimalToRational, tryParseSek, type Rational } from '@ramprognos/money';
import { z } from 'zod';
import {
  ADJUSTMENT_KINDS,
  MATCH_STREAMS,
  NAMED_PROFILES,
  UNCLASSIFIED_LINE,
  VOLUME_UNITS,
  type BudgetAdjustment,
  type BudgetDocument,
  type MatchRule,
  type MatchStream,
  type Profile,
} from './budget';
import type { BudgetFieldError } from './budget-error';
import { ONE, absAtMost, minus, ratio, sum } from './exact';

/*
 * Validation of the two budget bodies of SPEC §5. zod checks the shape; the cross-field rules
 * (references, duplicates) run on the raw input as well, so that one response lists every
 * problem. Messages name the expectation, never echo free text that was sent.
 */

/** Which fields a rule of each stream may name; a list = the SPEC §4 enum, 'free' = any code, `*` prefix allowed. */
export const MATCH_FIELDS: Readonly<
  Record<MatchStream, Readonly<Record<string, readonly string[] | 'free'>>>
> = {
  payments: {
    category: COMPONENT_CATEGORIES,
    repaymentCategory: REPAYMENT_CATEGORIES,
    payer: PAYERS,
    reimbursementCategory: 'free',
  },
  placements: { placementType: PLACEMENT_TYPES, regi: REGI, targetGroup: TARGET_GROUPS },
  ledger: { account: 'free', responsibility: 'free', activity: 'free' },
};

// Bounds keep a hostile body cheap to reject; a real nämnd budget has some hundred lines.
const MAX_CODE_LENGTH = 64;
const MAX_NAME_LENGTH = 200;
const MAX_TEXT_LENGTH = 1000;
const MAX_FRAMES = 100;
const MAX_AREAS = 200;
const MAX_LINES = 2000;
const MAX_RULES = 100;
const MAX_VALUES = 500;
const MAX_CHANGES = 2000;
// |Σ weights − 1| ≤ 1e-9 (SPEC §5), compared exactly.
const WEIGHT_TOLERANCE = ratio(1n, 1_000_000_000n);

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function textSchema(max: number) {
  return z
    .string()
    .min(1)
    .max(max)
    .refine((value) => !CONTROL_CHARACTERS.test(value), { message: 'must not contain control characters' });
}

const codeSchema = textSchema(MAX_CODE_LENGTH).refine((value) => value.trim() === value, {
  message: 'must not begin or end with blanks',
});

const dateSchema = z.string().refine(isCivilDate, { message: 'must be a date in the form YYYY-MM-DD' });

const sekSchema = z.string().superRefine((value, ctx) => {
  const parsed = tryParseSek(value);
  if (!parsed.ok) ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.message });
});

function addIssue(ctx: z.RefinementCtx, path: (string | number)[], message: string): void {
  ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------- profile

function checkProfile(value: unknown, ctx: z.RefinementCtx): void {
  if (value === undefined) {
    addIssue(ctx, [], 'is required');
    return;
  }
  if (typeof value === 'string') {
    if (!(NAMED_PROFILES as readonly string[]).includes(value)) {
      addIssue(ctx, [], `must be one of ${NAMED_PROFILES.join(', ')}, or a list of twelve weights`);
    }
    return;
  }
  if (!Array.isArray(value) || value.length !== 12) {
    addIssue(ctx, [], `must be one of ${NAMED_PROFILES.join(', ')}, or a list of twelve weights`);
    return;
  }
  const weights = value.map((weight: unknown, i) => {
    const exact = weightOf(weight);
    if (exact === null) addIssue(ctx, [i], 'must be a decimal number, e.g. 0.085 or "0.085"');
    else if (exact.num < 0n) addIssue(ctx, [i], 'must not be negative');
    return exact;
  });
  if (weights.every((w) => w !== null) && !absAtMost(minus(sum(weights), ONE), WEIGHT_TOLERANCE)) {
    addIssue(ctx, [], 'weights must sum to 1 (within 1e-9)');
  }
}

/** The exact value of a weight as written; the JSON number 0.085 is 85/1000, not the nearest double. */
export function weightOf(weight: unknown): Rational | null {
  if (typeof weight === 'number' && !Number.isFinite(weight)) return null;
  if (typeof weight !== 'number' && (typeof weight !== 'string' || weight.length > 40)) return null;
  try {
    const { num, den } = decimalToRational(weight);
    return ratio(num, den);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- match rules

function checkMatchRule(value: unknown, ctx: z.RefinementCtx): void {
  if (!isRecord(value)) {
    addIssue(ctx, [], 'must be an object with a stream and the fields to match');
    return;
  }
  const stream = value['stream'];
  if (typeof stream !== 'string' || !(MATCH_STREAMS as readonly string[]).includes(stream)) {
    addIssue(
      ctx,
      ['stream'],
      stream === undefined ? 'is required' : `must be one of ${MATCH_STREAMS.join(', ')}`,
    );
    return;
  }
  const fields = MATCH_FIELDS[stream as MatchStream];
  for (const [field, allowed] of Object.entries(value)) {
    if (field === 'stream') continue;
    const spec = Object.prototype.hasOwnProperty.call(fields, field) ? fields[field] : undefined;
    if (spec === undefined) {
      addIssue(
        ctx,
        [field],
        `is not a field of the ${stream} stream; its fields are ${Object.keys(fields).join(', ')}`,
      );
      continue;
    }
    const values: readonly unknown[] | null =
      typeof allowed === 'string' ? [allowed] : Array.isArray(allowed) ? allowed : null;
    if (values === null) {
      addIssue(ctx, [field], 'must be a value or a list of values');
      continue;
    }
    if (values.length === 0) addIssue(ctx, [field], 'must list at least one value');
    if (values.length > MAX_VALUES) addIssue(ctx, [field], `must list at most ${MAX_VALUES} values`);
    const at = (i: number): (string | number)[] => (typeof allowed === 'string' ? [field] : [field, i]);
    values.slice(0, MAX_VALUES).forEach((v, i) => {
      if (typeof v !== 'string' || v === '' || v.length > MAX_CODE_LENGTH || CONTROL_CHARACTERS.test(v)) {
        addIssue(ctx, at(i), `must be a non-empty code of at most ${MAX_CODE_LENGTH} characters`);
      } else if (spec === 'free') {
        if (v.indexOf('*') !== -1 && v.indexOf('*') !== v.length - 1) {
          addIssue(ctx, at(i), "may use '*' only at the end, as a prefix wildcard");
        }
      } else if (!spec.includes(v)) {
        addIssue(ctx, at(i), `must be one of ${spec.join(', ')}`);
      }
    });
  }
}

// ---------------------------------------------------------------- budget document

const frameSchema = z
  .object({ code: codeSchema, name: textSchema(MAX_NAME_LENGTH), accountable: z.boolean() })
  .strict();

const areaSchema = z.object({ code: codeSchema, name: textSchema(MAX_NAME_LENGTH) }).strict();

const volumeSchema = z
  .object({
    unit: z.enum(VOLUME_UNITS),
    annual: z.number().finite().positive(),
  })
  .strict();

const lineSchema = z
  .object({
    code: codeSchema.refine((code) => code !== UNCLASSIFIED_LINE, {
      message: `is reserved: ${UNCLASSIFIED_LINE} collects what no line matches`,
    }),
    name: textSchema(MAX_NAME_LENGTH),
    frame: codeSchema,
    area: codeSchema,
    annualBudget: sekSchema,
    profile: z
      .unknown()
      .superRefine(checkProfile)
      .transform((p) => p as Profile),
    volume: volumeSchema.optional(),
    match: z
      .array(
        z
          .unknown()
          .superRefine(checkMatchRule)
          .transform((r) => r as MatchRule),
      )
      .max(MAX_RULES)
      .optional(),
  })
  .strict();

export const budgetDocumentSchema = z
  .object({
    year: z.number().int().min(1900).max(2999),
    label: textSchema(MAX_NAME_LENGTH).optional(),
    adoptedOn: dateSchema.optional(),
    frames: z.array(frameSchema).min(1).max(MAX_FRAMES),
    areas: z.array(areaSchema).min(1).max(MAX_AREAS),
    lines: z.array(lineSchema).min(1).max(MAX_LINES),
  })
  .strict();

/** Duplicates and dangling references, read off the raw body so they show next to shape errors. */
function crossCheckBudget(raw: unknown): BudgetFieldError[] {
  if (!isRecord(raw)) return [];
  const errors: BudgetFieldError[] = [];
  const codesOf = (list: string): Set<string> => {
    const seen = new Map<string, number>();
    const items = raw[list];
    if (!Array.isArray(items)) return new Set();
    items.slice(0, MAX_LINES).forEach((item: unknown, i) => {
      const code = isRecord(item) ? item['code'] : undefined;
      if (typeof code !== 'string') return;
      const first = seen.get(code);
      if (first === undefined) seen.set(code, i);
      else
        errors.push({
          field: formatPath([list, i, 'code']),
          message: `repeats the code of ${list}[${first}]`,
        });
    });
    return new Set(seen.keys());
  };
  const frames = codesOf('frames');
  const areas = codesOf('areas');
  codesOf('lines');
  const lines = raw['lines'];
  if (Array.isArray(lines)) {
    lines.slice(0, MAX_LINES).forEach((line: unknown, i) => {
      if (!isRecord(line)) return;
      if (typeof line['frame'] === 'string' && Array.isArray(raw['frames']) && !frames.has(line['frame'])) {
        errors.push({
          field: formatPath(['lines', i, 'frame']),
          message: 'is not the code of a frame of this budget',
        });
      }
      if (typeof line['area'] === 'string' && Array.isArray(raw['areas']) && !areas.has(line['area'])) {
        errors.push({
          field: formatPath(['lines', i, 'area']),
          message: 'is not the code of an area of this budget',
        });
      }
    });
  }
  const adoptedOn = raw['adoptedOn'];
  const year = raw['year'];
  if (
    typeof adoptedOn === 'string' &&
    isCivilDate(adoptedOn) &&
    typeof year === 'number' &&
    Number(adoptedOn.slice(0, 4)) > year
  ) {
    errors.push({ field: 'adoptedOn', message: 'must not be after the budget year' });
  }
  return errors;
}

export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly BudgetFieldError[] };

/** The whole body, when the problem is not one field's. */
export const BODY_FIELD = '(body)';

function fieldOf(path: readonly (string | number)[]): string {
  return path.length === 0 ? BODY_FIELD : formatPath(path);
}

function zodErrors(error: z.ZodError): BudgetFieldError[] {
  return error.issues.flatMap((issue) =>
    issue.code === z.ZodIssueCode.unrecognized_keys
      ? issue.keys
          .slice(0, 10)
          .map((key) => ({ field: fieldOf([...issue.path, key]), message: issue.message }))
      : [{ field: fieldOf(issue.path), message: issue.message }],
  );
}

function unique(errors: readonly BudgetFieldError[]): BudgetFieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The `POST /v1/budgets` body: every problem, each named by its field (`lines[3].frame`). */
export function validateBudgetDocument(raw: unknown): Validated<BudgetDocument> {
  const parsed = budgetDocumentSchema.safeParse(raw, { errorMap: contractErrorMap });
  const errors = unique([...(parsed.success ? [] : zodErrors(parsed.error)), ...crossCheckBudget(raw)]);
  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  return { ok: true, value: parsed.data as BudgetDocument };
}

// ---------------------------------------------------------------- adjustment

export const budgetAdjustmentSchema = z
  .object({
    adjustmentId: textSchema(256),
    decidedOn: dateSchema,
    kind: z.enum(ADJUSTMENT_KINDS),
    text: textSchema(MAX_TEXT_LENGTH).optional(),
    changes: z
      .array(z.object({ line: codeSchema, amount: sekSchema }).strict())
      .min(1)
      .max(MAX_CHANGES),
  })
  .strict();

/** The shape of a `POST /v1/budgets/{year}/adjustments` body; the rules that need the budget are in decide. */
export function validateAdjustmentShape(raw: unknown): Validated<BudgetAdjustment> {
  const parsed = budgetAdjustmentSchema.safeParse(raw, { errorMap: contractErrorMap });
  if (!parsed.success) return { ok: false, errors: unique(zodErrors(parsed.error)) };
  return { ok: true, value: parsed.data };
}
