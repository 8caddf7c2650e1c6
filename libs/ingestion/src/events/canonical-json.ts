import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level: key order does not make two events different. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedKeys(value)) ?? 'null';
}

// A sorted copy serialised once is several times faster than serialising member by member.
// Null-prototype objects: a "__proto__" key stays an ordinary key.
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(record).sort()) {
    if (record[key] !== undefined) out[key] = sortedKeys(record[key]);
  }
  return out;
}

/**
 * The dedup fingerprint of an event: SHA-256 of its canonical JSON. It is computed on the
 * published (pseudonymised) form, so a stored hash never derives from a raw personnummer.
 */
export function contentHash(event: unknown): string {
  return createHash('sha256').update(canonicalJson(event)).digest('hex');
}
