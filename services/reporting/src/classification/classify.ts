import {
  COMPONENT_CATEGORIES,
  classificationKeyId,
  classificationKeys,
  parseClassificationKeyId,
  type ClassificationKey,
} from '@ramprognos/contracts';
import type { Ore } from '@ramprognos/money';
import { MATCH_FIELDS, UNCLASSIFIED_LINE, type BudgetVolume, type MatchRule } from '../budgets';

/** What classification needs of a budget line; its position in the list is its priority. */
export interface ClassifiableLine {
  readonly code: string;
  readonly match?: readonly MatchRule[];
}

/** `76*` matches `76` and `7611`, not `6761`; `*` alone matches any value; otherwise equality, case-sensitive. */
export function valueMatches(value: string, pattern: string): boolean {
  return pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern;
}

/**
 * SPEC §5: the stream must be the key's, and every field the rule names must be present in the
 * key with one of the listed values. A key without the field does not match (a rule on
 * `category` does not catch a repayment, which has `repaymentCategory`).
 */
export function ruleMatches(rule: MatchRule, key: ClassificationKey): boolean {
  if (rule.stream !== key.stream) return false;
  return Object.entries(rule).every(([field, allowed]) => {
    if (field === 'stream') return true;
    const value = Object.prototype.hasOwnProperty.call(key.fields, field) ? key.fields[field] : undefined;
    if (value === undefined) return false;
    const patterns: readonly string[] = typeof allowed === 'string' ? [allowed] : allowed;
    return patterns.some((pattern) => valueMatches(value, pattern));
  });
}

/** The first line in document order with a matching rule, else OKLASSIFICERAT. */
export function lineOf(lines: readonly ClassifiableLine[], key: ClassificationKey): string {
  return (
    lines.find((line) => (line.match ?? []).some((rule) => ruleMatches(rule, key)))?.code ?? UNCLASSIFIED_LINE
  );
}

/** key id (`classificationKeyId`) → line code or OKLASSIFICERAT, for every key given. */
export function classify(
  lines: readonly ClassifiableLine[],
  keys: Iterable<ClassificationKey>,
): Map<string, string> {
  const result = new Map<string, string>();
  for (const key of keys) {
    const id = classificationKeyId(key);
    if (!result.has(id)) result.set(id, lineOf(lines, key));
  }
  return result;
}

/** Like `classify`, for key ids as the forecast service sends them. */
export function classifyKeyIds(
  lines: readonly ClassifiableLine[],
  keyIds: Iterable<string>,
): Map<string, string> {
  const result = new Map<string, string>();
  for (const id of keyIds) if (!result.has(id)) result.set(id, lineOf(lines, parseClassificationKeyId(id)));
  return result;
}

/**
 * The groups of `POST /v1/queries/households` (docs/forecast-query-api.md): for each
 * HUSHALLSMANADER line, the payment-component keys classified to it. The component keys are
 * the eight categories of SPEC §4, so the group does not depend on which keys have cost yet
 * (a household counts on a line even when its component there is 0.00).
 */
export function householdGroups(
  lines: readonly (ClassifiableLine & { readonly volume?: BudgetVolume })[],
): Record<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const line of lines) if (line.volume?.unit === 'HUSHALLSMANADER') groups.set(line.code, []);
  for (const category of COMPONENT_CATEGORIES) {
    const key = classificationKeys.paymentComponent(category);
    groups.get(lineOf(lines, key))?.push(classificationKeyId(key));
  }
  return Object.fromEntries(groups);
}

// ---------------------------------------------------------------- unclassified

export interface UnclassifiedItem {
  readonly key: string;
  readonly stream: ClassificationKey['stream'];
  readonly fields: Readonly<Record<string, string>>;
  readonly actualYtd: Ore;
}

export interface UnclassifiedSummary {
  readonly actualYtd: Ore;
  /** Sorted by stream, then field by field in the stream's order (account, responsibility, activity). */
  readonly items: readonly UnclassifiedItem[];
}

/** Fields in the order SPEC §5 lists them for the stream, so items sort the way a reader scans them. */
export function orderedFields(key: ClassificationKey): [string, string][] {
  const order = Object.keys(MATCH_FIELDS[key.stream]);
  const rank = (field: string): number => (order.includes(field) ? order.indexOf(field) : order.length);
  return Object.entries(key.fields).sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

export function sortKeyOf(key: ClassificationKey): string {
  return [key.stream, ...orderedFields(key).map(([field, value]) => `${field}=${value}`)].join('\u0000');
}

/** What went to OKLASSIFICERAT, per key: the keys every report shows so that a line's rules can be fixed. */
export function unclassifiedSummary(
  classification: ReadonlyMap<string, string>,
  actualByKey: ReadonlyMap<string, Ore>,
): UnclassifiedSummary {
  const items = [...actualByKey]
    .filter(([id]) => (classification.get(id) ?? UNCLASSIFIED_LINE) === UNCLASSIFIED_LINE)
    .map(([id, actualYtd]) => {
      const key = parseClassificationKeyId(id);
      return {
        sortKey: sortKeyOf(key),
        item: { key: id, stream: key.stream, fields: Object.fromEntries(orderedFields(key)), actualYtd },
      };
    })
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
    .map(({ item }) => item);
  return { actualYtd: items.reduce((total, item) => total + item.actualYtd, 0n), items };
}
