import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ROLES, type Principal, type Role } from './roles';

export interface AuthOptions {
  /** HS256 shared secret (AUTH_JWT_SECRET), for local use. */
  readonly jwtSecret?: string;
  /** The identity provider's JWKS (AUTH_JWKS_URL), in production. */
  readonly jwksUrl?: string;
}

export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

/** Verifies bearer JWTs (signature, expiry, not-before) and reads the `roles` claim. */
export class TokenVerifier {
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;

  constructor(options: AuthOptions) {
    if (options.jwksUrl) this.jwks = createRemoteJWKSet(new URL(options.jwksUrl));
    else if (options.jwtSecret) this.secret = new TextEncoder().encode(options.jwtSecret);
    else throw new Error('AUTH_JWT_SECRET or AUTH_JWKS_URL is required');
  }

  async verify(authorization: string | undefined): Promise<Principal> {
    const match = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)$/.exec(authorization ?? '');
    if (!match) throw new AuthError(401, 'a bearer token is required (Authorization: Bearer <JWT>)');
    let payload: JWTPayload;
    try {
      payload = this.jwks
        ? (await jwtVerify(match[1], this.jwks)).payload
        : (await jwtVerify(match[1], this.secret as Uint8Array, { algorithms: ['HS256'] })).payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new AuthError(401, 'the token has expired');
      throw new AuthError(401, 'the token is not valid');
    }
    const roles = Array.isArray(payload.roles)
      ? payload.roles.filter((r): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r))
      : [];
    return { subject: typeof payload.sub === 'string' ? payload.sub : 'unknown', roles };
  }
}
