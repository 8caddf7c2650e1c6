import { z } from 'zod';

/** One problem with one environment variable, worded without its value (values may be secrets). */
export interface ConfigIssue {
  readonly variable: string;
  readonly problem: string;
}

/** A check across variables (e.g. "one of A or B") that runs on the raw environment. */
export type EnvCheck = (env: Readonly<Record<string, string | undefined>>) => ConfigIssue[];

export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      `invalid configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((i) => `  - ${i.variable}: ${i.problem}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment with a zod schema and fails fast: one ConfigError that lists every
 * missing or bad variable, so a deployment is fixed in one round. Empty strings count as unset
 * (compose writes `VAR=` for an unset interpolation).
 */
export function loadConfig<S extends z.ZodTypeAny>(
  schema: S,
  env: Readonly<Record<string, string | undefined>> = process.env,
  checks: readonly EnvCheck[] = [],
): z.output<S> {
  const present: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') present[key] = value;
  }
  const result = schema.safeParse(present);
  const issues: ConfigIssue[] = result.success ? [] : result.error.issues.map(toConfigIssue);
  for (const check of checks) issues.push(...check(present));
  if (issues.length > 0) throw new ConfigError(dedupe(issues));
  return (result as z.SafeParseSuccess<z.output<S>>).data;
}

/** At least one of the variables must be set. */
export function requireOneOf(...variables: string[]): EnvCheck {
  return (env) =>
    variables.some((v) => env[v] !== undefined)
      ? []
      : [{ variable: variables.join(' | '), problem: `set one of ${variables.join(', ')}` }];
}

// zod's own messages may quote the received value (enums, literals); these never do.
function toConfigIssue(issue: z.ZodIssue): ConfigIssue {
  const variable = issue.path.length > 0 ? issue.path.join('.') : '(environment)';
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return {
        variable,
        problem: issue.received === 'undefined' ? 'is required' : `must be a ${issue.expected}`,
      };
    case z.ZodIssueCode.invalid_enum_value:
      return { variable, problem: `must be one of ${issue.options.join(', ')}` };
    case z.ZodIssueCode.invalid_literal:
      return { variable, problem: 'has an unexpected value' };
    case z.ZodIssueCode.custom:
    case z.ZodIssueCode.too_small:
    case z.ZodIssueCode.too_big:
    case z.ZodIssueCode.invalid_string:
    case z.ZodIssueCode.not_multiple_of:
      return { variable, problem: issue.message };
    default:
      return { variable, problem: 'is invalid' };
  }
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.variable}\u0000${i.problem}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
