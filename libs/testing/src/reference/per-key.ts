// The reference per classification key (what the forecast service's query API answers), obtained
// from the same calculator by giving it a budget with one line per key: the per-line figures of
// that budget are the per-key figures. The key id format is written out again here on purpose
// (stream|field=value|… with fields sorted, `%`, `|`, `=` escaped), so a drift in the service's
// format fails the tests.
import { computeReport } from './reference-calculator';
import type { ReferenceBudget, ReferenceBudgetLine, ReferenceEvent, ReferenceMatchRule, ReferenceStream } from './types';

type Fields = Record<string, string>;

function keyId(stream: ReferenceStream, fields: Fields): string {
  const esc = (v: string) => v.replace(/%/g, '%25').replace(/\|/g, '%7C').replace(/=/g, '%3D');
  return [stream, ...Object.keys(fields).sort().map((k) => `${k}=${esc(fields[k])}`)].join('|');
}

function keysOf(event: ReferenceEvent): { stream: ReferenceStream; fields: Fields }[] {
  const d = event.data as Record<string, unknown>;
  const s = (v: unknown) => String(v);
  switch (event.type) {
    case 'se.socialtjanst.payment.disbursed.v1':
      return (d.components as { category: string }[]).map((c) => ({ stream: 'payments', fields: { category: c.category } }));
    case 'se.socialtjanst.payment.repaid.v1':
      return [{ stream: 'payments', fields: { repaymentCategory: s(d.category) } }];
    case 'se.socialtjanst.reimbursement.received.v1':
      return [{ stream: 'payments', fields: { payer: s(d.payer), reimbursementCategory: s(d.category) } }];
    case 'se.socialtjanst.placement.started.v1':
      return [{ stream: 'placements', fields: { placementType: s(d.placementType), regi: s(d.regi), targetGroup: s(d.targetGroup) } }];
    case 'se.socialtjanst.ledger.posted.v1': {
      const fields: Fields = { account: s(d.account) };
      if (typeof d.responsibility === 'string' && d.responsibility !== '') fields.responsibility = d.responsibility;
      if (typeof d.activity === 'string' && d.activity !== '') fields.activity = d.activity;
      return [{ stream: 'ledger', fields }];
    }
    default:
      return [];
  }
}

export interface ReferenceKeyMonth {
  readonly amountOre: bigint;
  /** Care days (placement keys) or distinct households (payment component keys); else 0. */
  readonly volume: number;
}

/** Per key id: twelve months of the year, January first. */
export type ReferenceActualsByKey = Map<string, ReferenceKeyMonth[]>;

export function referenceActualsByKey(input: {
  events: readonly ReferenceEvent[];
  year: number;
  asOf: string;
  knownAt?: string | null;
}): ReferenceActualsByKey {
  const keys = new Map<string, { stream: ReferenceStream; fields: Fields }>();
  for (const event of input.events) for (const key of keysOf(event)) keys.set(keyId(key.stream, key.fields), key);
  // The most specific rules first, so a ledger key with fewer fields never takes a more specific one's amounts.
  const ordered = [...keys.entries()].sort(
    ([a, ka], [b, kb]) => Object.keys(kb.fields).length - Object.keys(ka.fields).length || a.localeCompare(b),
  );
  const lines: ReferenceBudgetLine[] = ordered.map(([id, key], i) => {
    const rule: ReferenceMatchRule = { stream: key.stream, ...Object.fromEntries(Object.entries(key.fields).map(([f, v]) => [f, [v]])) };
    const volume =
      key.stream === 'placements'
        ? { unit: 'VARDDYGN' as const, annual: 1 }
        : key.fields.category !== undefined
          ? { unit: 'HUSHALLSMANADER' as const, annual: 1 }
          : undefined;
    return { code: `K${i}`, name: id, frame: 'F', area: 'A', annualBudget: '0.00', profile: 'EVEN', match: [rule], ...(volume ? { volume } : {}) };
  });
  const budget: ReferenceBudget = {
    year: input.year,
    frames: [{ code: 'F', name: 'F', accountable: true }],
    areas: [{ code: 'A', name: 'A' }],
    lines,
  };
  const report = computeReport({ budget, events: input.events, year: input.year, asOf: input.asOf, knownAt: input.knownAt ?? null, groupBy: 'line' });
  const result: ReferenceActualsByKey = new Map();
  for (const line of lines) {
    const amounts = report.actualByLineAndMonth[line.code] ?? [];
    const volumes = report.volumeByLineAndMonth[line.code] ?? [];
    result.set(
      line.name,
      Array.from({ length: 12 }, (_, m) => ({ amountOre: amounts[m] ?? 0n, volume: volumes[m] ?? 0 })),
    );
  }
  return result;
}
