import { maskPersonnummer as maskWith } from '@ramprognos/contracts';
// Logs leave the process (stdout → log shipping), so anything that could carry a payload or
// personal data is removed here, whatever the caller passed.

/** Field names whose values are never logged: payloads, personal data, credentials. */
export const REDACTED_KEYS: ReadonlySet<string> = new Set([
  'body',
  'payload',
  'data',
  'value',
  'personnummer',
  'password',
  'secret',
  'token',
  'tokens',
  'authorization',
  'cookie',
  'headers',
]);

export const REDACTED = '[redacted]';
export const PERSONNUMMER_MASK = '[personnummer]';

const MAX_DEPTH = 5;
const MAX_STRING = 2000;

/** Masks anything that passes as a personnummer or samordningsnummer (the contracts' test). */
export function maskPersonnummer(text: string): string {
  return maskWith(text, PERSONNUMMER_MASK);
}

function scrubString(text: string): string {
  const masked = maskPersonnummer(text);
  return masked.length > MAX_STRING ? `${masked.slice(0, MAX_STRING)}…[truncated]` : masked;
}

/** A log-safe copy of a value: redacted keys, masked strings, bounded depth, no cycles. */
export function scrub(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[nested]';
  seen.add(value);
  if (value instanceof Error) return scrubError(value);
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = REDACTED_KEYS.has(key.toLowerCase()) ? REDACTED : scrub(v, depth + 1, seen);
  }
  return out;
}

/**
 * Name, message and stack only: driver errors carry extra properties (pg's `detail`,
 * `parameters`, kafkajs' message batches) that may hold row values.
 */
export function scrubError(error: Error): { name: string; message: string; stack?: string; code?: string } {
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: scrubString(error.message),
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.stack ? { stack: scrubString(error.stack) } : {}),
  };
}
