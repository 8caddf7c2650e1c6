import { z } from 'zod';

/** Bearer token → the CloudEvents sources it may write (SPEC §8). */
export type IngestTokens = ReadonlyMap<string, readonly string[]>;

const ENTRY_SHAPE = 'entries must look like token=source|source, separated by commas';

/**
 * INGEST_TOKENS="t1=urn:system:lifecare,t2=urn:system:utbetalning|urn:system:raindance".
 * Messages name the entry by position only: tokens are secrets.
 */
export const ingestTokensSchema = z.string().transform((value, ctx): IngestTokens => {
  const tokens = new Map<string, string[]>();
  value
    .split(',')
    .map((entry) => entry.trim())
    .forEach((entry, index) => {
      const eq = entry.indexOf('=');
      const token = eq > 0 ? entry.slice(0, eq).trim() : '';
      const sources =
        eq > 0
          ? entry
              .slice(eq + 1)
              .split('|')
              .map((s) => s.trim())
          : [];
      if (token === '' || sources.length === 0 || sources.some((s) => s === '')) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `entry ${index + 1}: ${ENTRY_SHAPE}` });
        return;
      }
      if (tokens.has(token)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `entry ${index + 1}: the same token appears twice`,
        });
        return;
      }
      tokens.set(token, sources);
    });
  return tokens;
});

/** A key for keyed hashing (HMAC): long enough that it cannot be guessed by brute force. */
export const secretKeySchema = z.string().min(32, { message: 'must be at least 32 characters' });
