import { SignJWT } from 'jose';
import { signLocalToken } from './sign-token';
import { AuthError, TokenVerifier } from './token-verifier';

const secret = 'a-test-secret-that-is-long-enough-0123456789';

async function rejection(promise: Promise<unknown>): Promise<AuthError> {
  try {
    await promise;
  } catch (error) {
    return error as AuthError;
  }
  throw new Error('expected a rejection');
}

describe('TokenVerifier', () => {
  const verifier = new TokenVerifier({ jwtSecret: secret });

  it('accepts a valid token and reads subject and known roles only', async () => {
    const token = await new SignJWT({ roles: ['ekonom', 'superuser'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('anna')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    await expect(verifier.verify(`Bearer ${token}`)).resolves.toEqual({ subject: 'anna', roles: ['ekonom'] });
  });

  it('refuses a missing, malformed, expired or badly signed token with 401', async () => {
    expect((await rejection(verifier.verify(undefined))).status).toBe(401);
    expect((await rejection(verifier.verify('Basic abc'))).status).toBe(401);
    const expired = await signLocalToken(secret, { subject: 'a', roles: ['admin'], expiresIn: Math.floor(Date.now() / 1000) - 10 });
    const error = await rejection(verifier.verify(`Bearer ${expired}`));
    expect([error.status, error.message]).toEqual([401, 'the token has expired']);
    const forged = await signLocalToken(`${secret}-other`, { subject: 'a', roles: ['admin'] });
    expect((await rejection(verifier.verify(`Bearer ${forged}`))).message).toBe('the token is not valid');
  });

  it('refuses an unsigned (alg none) token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'x', roles: ['admin'] })).toString('base64url');
    expect((await rejection(verifier.verify(`Bearer ${header}.${body}.`))).status).toBe(401);
  });
});
