import { z } from 'zod';

/*
 * A login form for local use only: with DASHBOARD_DEV_LOGIN=1 and an HS256 secret
 * (AUTH_JWT_SECRET), `POST /v1/dev/login` signs a short-lived token for any user id and role.
 * Anyone who reaches the port can then be a controller, so it is refused when the service uses an
 * identity provider (AUTH_JWKS_URL) or runs with NODE_ENV=production, and off unless asked for.
 */

export interface DevLoginSettings {
  /** The secret to sign with when the dev login is on; null when off. */
  readonly secret: string | null;
}

const flag = z.enum(['0', '1']).optional();

export class DevLoginConfigError extends Error {
  override readonly name = 'DevLoginConfigError';
}

export function devLoginSettings(
  config: { readonly AUTH_JWT_SECRET?: string; readonly AUTH_JWKS_URL?: string },
  env: Readonly<Record<string, string | undefined>>,
): DevLoginSettings {
  const parsed = flag.safeParse(env.DASHBOARD_DEV_LOGIN === '' ? undefined : env.DASHBOARD_DEV_LOGIN);
  if (!parsed.success) throw new DevLoginConfigError('DASHBOARD_DEV_LOGIN: must be 0 or 1');
  if (parsed.data !== '1') return { secret: null };
  if (env.NODE_ENV === 'production') throw new DevLoginConfigError('DASHBOARD_DEV_LOGIN: must not be on with NODE_ENV=production');
  if (config.AUTH_JWKS_URL) throw new DevLoginConfigError('DASHBOARD_DEV_LOGIN: must not be on with AUTH_JWKS_URL (an identity provider)');
  if (!config.AUTH_JWT_SECRET) throw new DevLoginConfigError('DASHBOARD_DEV_LOGIN: needs AUTH_JWT_SECRET');
  return { secret: config.AUTH_JWT_SECRET };
}

export const devLoginRequestSchema = z.object({
  subject: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(64, 'must be at most 64 characters')
    .regex(/^[A-Za-z0-9._@-]+$/, 'may hold letters, digits and . _ @ - only'),
  roles: z.array(z.enum(['ekonom', 'controller', 'admin'])).min(1, 'needs at least one role'),
});
