import { createHash } from 'node:crypto';
import type { IngestTokens } from '@ramprognos/service-kit';

/** Who is writing: the sources their token may use, and a log-safe reference to the token. */
export interface IngestPrincipal {
  readonly sources: readonly string[];
  /** First 12 hex digits of the token's SHA-256: tells tokens apart in logs without revealing one. */
  readonly tokenRef: string;
}

export type Authentication =
  | { readonly ok: true; readonly principal: IngestPrincipal }
  | { readonly ok: false; readonly message: string };

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

/**
 * SPEC §8: bearer tokens from INGEST_TOKENS, each bound to the CloudEvents sources it may
 * write. Tokens are looked up by their hash, so no comparison ever runs over a secret.
 */
export class IngestAuthority {
  private readonly byHash: ReadonlyMap<string, readonly string[]>;

  constructor(tokens: IngestTokens) {
    this.byHash = new Map([...tokens].map(([token, sources]) => [sha256(token), sources]));
  }

  authenticate(authorization: string | undefined): Authentication {
    const match = BEARER.exec(authorization ?? '');
    if (match === null)
      return { ok: false, message: 'a bearer token is required (Authorization: Bearer <token>)' };
    const hash = sha256(match[1]);
    const sources = this.byHash.get(hash);
    if (sources === undefined) return { ok: false, message: 'the token is not valid' };
    return { ok: true, principal: { sources, tokenRef: hash.slice(0, 12) } };
  }
}

/**
 * The distinct `source`s of a request body (one event or an array) that the principal may not
 * write. Items without a string source are left to validation.
 */
export function refusedSources(principal: IngestPrincipal, body: unknown): string[] {
  const items: readonly unknown[] = Array.isArray(body) ? body : [body];
  const refused = new Set<string>();
  for (const item of items) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
    if (!Object.prototype.hasOwnProperty.call(item, 'source')) continue;
    const source = (item as { source?: unknown }).source;
    if (typeof source === 'string' && !principal.sources.includes(source)) refused.add(source);
  }
  return [...refused];
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
