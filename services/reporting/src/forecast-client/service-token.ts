import { signLocalToken } from '@ramprognos/service-kit';

const LIFETIME_S = 15 * 60;

/**
 * Reporting's own credential towards the forecast service: with AUTH_JWT_SECRET, a short-lived
 * HS256 token with role `service`, renewed before it expires; in production (JWKS) a token from the
 * identity provider in FORECAST_TOKEN. Undefined when neither is configured.
 */
export function serviceTokenSource(config: { AUTH_JWT_SECRET?: string; FORECAST_TOKEN?: string }): (() => Promise<string>) | undefined {
  if (config.FORECAST_TOKEN) {
    const token = config.FORECAST_TOKEN;
    return async () => token;
  }
  const secret = config.AUTH_JWT_SECRET;
  if (!secret) return undefined;
  let cached: { token: string; renewAt: number } | undefined;
  return async () => {
    if (!cached || Date.now() >= cached.renewAt) {
      const token = await signLocalToken(secret, { subject: 'reporting', roles: ['service'], expiresIn: `${LIFETIME_S}s` });
      cached = { token, renewAt: Date.now() + (LIFETIME_S / 3) * 1000 };
    }
    return cached.token;
  };
}
