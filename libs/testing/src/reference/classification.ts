// First-match classification of an amount to a budget line (SPEC §5 `match`).
import type { ReferenceMatchRule, ReferenceBudgetLine, ReferenceStream } from './types';

export const UNCLASSIFIED_LINE = 'OKLASSIFICERAT';

/** What classification sees of one amount; a field the item lacks is absent, not empty. */
export type ClassifiedFields = Readonly<Record<string, string>>;

function valueMatches(value: string, pattern: string): boolean {
  return pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern;
}

export function ruleMatches(
  rule: ReferenceMatchRule,
  stream: ReferenceStream,
  item: ClassifiedFields,
): boolean {
  if (rule.stream !== stream) return false;
  return Object.entries(rule).every(([field, allowed]) => {
    if (field === 'stream') return true;
    const value = item[field];
    if (value === undefined) return false;
    const patterns: readonly string[] = typeof allowed === 'string' ? [allowed] : allowed;
    return patterns.some((p) => valueMatches(value, p));
  });
}

/** A memoised classifier: the first line (document order) with any matching rule, else OKLASSIFICERAT. */
export function classifier(
  lines: readonly ReferenceBudgetLine[],
): (stream: ReferenceStream, item: ClassifiedFields) => string {
  const memo = new Map<string, string>();
  return (stream, item) => {
    const key = JSON.stringify([
      stream,
      Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ]);
    let line = memo.get(key);
    if (line === undefined) {
      line =
        lines.find((l) => (l.match ?? []).some((r) => ruleMatches(r, stream, item)))?.code ??
        UNCLASSIFIED_LINE;
      memo.set(key, line);
    }
    return line;
  };
}
