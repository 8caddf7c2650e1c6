/**
 * Classification keys: the dimensions SPEC §5 matches budget lines on, per stream. The forecast
 * service keeps its projections per key; the reporting service classifies keys into lines. The
 * key is the only thing the two agree on about cost, so it lives here.
 *
 *   payments   — a disbursed/reversed component: {category}; a repayment: {repaymentCategory};
 *                a reimbursement: {payer, reimbursementCategory}
 *   placements — {placementType, regi, targetGroup}
 *   ledger     — {account, responsibility?, activity?} (absent when the posting has none)
 */
export type ClassificationStream = 'payments' | 'placements' | 'ledger';

export interface ClassificationKey {
  readonly stream: ClassificationStream;
  readonly fields: Readonly<Record<string, string>>;
}

const SEPARATOR = '|';

function escape(value: string): string {
  return value.replace(/%/g, '%25').replace(/\|/g, '%7C').replace(/=/g, '%3D');
}

function unescape(value: string): string {
  return value.replace(/%7C/g, '|').replace(/%3D/g, '=').replace(/%25/g, '%');
}

/** Canonical string id of a key: `stream|field=value|…`, fields sorted, absent fields omitted. */
export function classificationKeyId(key: ClassificationKey): string {
  const parts = Object.keys(key.fields)
    .sort()
    .map((name) => `${name}=${escape(key.fields[name])}`);
  return [key.stream, ...parts].join(SEPARATOR);
}

export function parseClassificationKeyId(id: string): ClassificationKey {
  const [stream, ...parts] = id.split(SEPARATOR);
  if (stream !== 'payments' && stream !== 'placements' && stream !== 'ledger') {
    throw new Error(`not a classification key id: ${id}`);
  }
  const fields: Record<string, string> = {};
  for (const part of parts) {
    const at = part.indexOf('=');
    if (at <= 0) throw new Error(`not a classification key id: ${id}`);
    fields[part.slice(0, at)] = unescape(part.slice(at + 1));
  }
  return { stream, fields };
}

function compact(fields: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) if (value !== undefined && value !== '') result[name] = value;
  return result;
}

export const classificationKeys = {
  paymentComponent: (category: string): ClassificationKey => ({ stream: 'payments', fields: { category } }),
  repayment: (repaymentCategory: string): ClassificationKey => ({ stream: 'payments', fields: { repaymentCategory } }),
  reimbursement: (payer: string, reimbursementCategory: string): ClassificationKey => ({
    stream: 'payments',
    fields: { payer, reimbursementCategory },
  }),
  placement: (placementType: string, regi: string, targetGroup: string): ClassificationKey => ({
    stream: 'placements',
    fields: { placementType, regi, targetGroup },
  }),
  ledger: (account: string, responsibility?: string, activity?: string): ClassificationKey => ({
    stream: 'ledger',
    fields: compact({ account, responsibility, activity }),
  }),
};
