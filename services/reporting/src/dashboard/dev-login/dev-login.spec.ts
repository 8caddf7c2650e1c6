import { DevLoginConfigError, devLoginRequestSchema, devLoginSettings } from './dev-login';

const secret = 'a-local-secret-that-is-long-enough-0123456789';

describe('the local dev login', () => {
  it('is off unless DASHBOARD_DEV_LOGIN=1', () => {
    expect(devLoginSettings({ AUTH_JWT_SECRET: secret }, {})).toEqual({ secret: null });
    expect(devLoginSettings({ AUTH_JWT_SECRET: secret }, { DASHBOARD_DEV_LOGIN: '0' })).toEqual({ secret: null });
    expect(devLoginSettings({ AUTH_JWT_SECRET: secret }, { DASHBOARD_DEV_LOGIN: '1' })).toEqual({ secret });
  });

  it('refuses to boot when asked for in production, with an identity provider, without a secret, or with a bad value', () => {
    const on = { DASHBOARD_DEV_LOGIN: '1' };
    expect(() => devLoginSettings({ AUTH_JWT_SECRET: secret }, { ...on, NODE_ENV: 'production' })).toThrow(DevLoginConfigError);
    expect(() => devLoginSettings({ AUTH_JWT_SECRET: secret, AUTH_JWKS_URL: 'https://idp.example.org/jwks' }, on)).toThrow(/AUTH_JWKS_URL/);
    expect(() => devLoginSettings({}, on)).toThrow(/AUTH_JWT_SECRET/);
    expect(() => devLoginSettings({ AUTH_JWT_SECRET: secret }, { DASHBOARD_DEV_LOGIN: 'yes' })).toThrow(/0 or 1/);
  });

  it('signs only plain user ids and known roles', () => {
    expect(devLoginRequestSchema.safeParse({ subject: 'eva.ekonom', roles: ['ekonom'] }).success).toBe(true);
    expect(devLoginRequestSchema.safeParse({ subject: '19121212-1212 x', roles: ['ekonom'] }).success).toBe(false);
    expect(devLoginRequestSchema.safeParse({ subject: 'eva', roles: ['superuser'] }).success).toBe(false);
    expect(devLoginRequestSchema.safeParse({ subject: 'eva', roles: [] }).success).toBe(false);
  });
});
