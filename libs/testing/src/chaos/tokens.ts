import { SignJWT } from 'jose';
import { LOCAL_SECRETS } from '../system/services';

export type TestRole = 'ekonom' | 'controller' | 'admin';

/** An HS256 token as the local setup issues them (AUTH_JWT_SECRET of LOCAL_SECRETS by default). */
export async function localJwt(
  roles: readonly string[],
  options: {
    readonly subject?: string;
    readonly expiresAt?: number | string;
    readonly secret?: string;
    readonly issuedAt?: number;
  } = {},
): Promise<string> {
  const jwt = new SignJWT({ roles: [...roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.subject ?? `chaos-${roles.join('-') || 'none'}`)
    .setExpirationTime(options.expiresAt ?? '1h');
  if (options.issuedAt !== undefined) jwt.setIssuedAt(options.issuedAt);
  else jwt.setIssuedAt();
  return jwt.sign(new TextEncoder().encode(options.secret ?? LOCAL_SECRETS.AUTH_JWT_SECRET));
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A token with `alg: none` and no signature, claiming whatever roles it likes. */
export function unsignedJwt(roles: readonly string[]): string {
  const now = Math.floor(Date.now() / 1000);
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'mallory', roles, iat: now, exp: now + 3600 })}.`;
}

/** A valid token whose payload was edited afterwards (roles raised), the signature left as it was. */
export async function tamperedJwt(fromRoles: readonly string[], toRoles: readonly string[]): Promise<string> {
  const [header, , signature] = (await localJwt(fromRoles)).split('.');
  const now = Math.floor(Date.now() / 1000);
  return `${header}.${base64url({ sub: 'mallory', roles: toRoles, iat: now, exp: now + 3600 })}.${signature}`;
}
