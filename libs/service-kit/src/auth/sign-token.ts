import { SignJWT } from 'jose';
import type { Role } from './roles';

/** An HS256 token for local use (stack, demo, tests): the counterpart of AUTH_JWT_SECRET. */
export async function signLocalToken(
  secret: string,
  claims: { subject: string; roles: readonly Role[]; expiresIn?: string | number },
): Promise<string> {
  return new SignJWT({ roles: [...claims.roles] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.subject)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '12h')
    .sign(new TextEncoder().encode(secret));
}
