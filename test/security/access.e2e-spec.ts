import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { LOCAL_SECRETS } from '@ramprognos/testing';
import { localJwt, tamperedJwt, unsignedJwt } from '../../libs/testing/src/chaos';
import { INGEST, call, ingestedRows, startSecuritySystem, validEvents, type SecuritySystem } from './support';

/*
 * Access (issue 9, part 3), generated from the services' own OpenAPI documents (/docs-json): every
 * route that is not open by SPEC §8 refuses missing, malformed, expired, not-yet-valid, badly
 * signed, unsigned (alg none), tampered and wrong-algorithm credentials with 401, and callers
 * without a permitted role with 403; the permitted roles get past the guard. Ingest tokens
 * (INGEST_TOKENS) cannot write another system's source. A route that appears in a document without
 * a decision below fails the test: new routes need an access decision.
 */

type Role = 'ekonom' | 'controller' | 'admin' | 'service';
const ROLES: readonly Role[] = ['ekonom', 'controller', 'admin', 'service'];
const PEOPLE_READING: readonly Role[] = ['ekonom', 'controller', 'admin'];
const MAINTAINERS: readonly Role[] = ['controller', 'admin'];

type Policy =
  | { readonly kind: 'open' }
  | { readonly kind: 'ingest' }
  | { readonly kind: 'jwt'; readonly roles: readonly Role[]; readonly why: string };

/** The access decisions: SPEC §8, plus the choices the services made where it is silent (each with its reason). */
function policyOf(
  service: 'intake' | 'payments' | 'forecast' | 'reporting',
  method: string,
  path: string,
): Policy | undefined {
  if (['/health', '/metrics', '/v1/status'].includes(path) && method === 'get') return { kind: 'open' };
  if (service === 'intake' || service === 'payments') {
    if (method === 'post' && (path === '/v1/events' || path === '/v1/imports/ledger'))
      return { kind: 'ingest' };
    return undefined;
  }
  if (service === 'forecast') {
    if (path.startsWith('/v1/admin/')) return { kind: 'jwt', roles: ['admin'], why: 'operating the service' };
    if (method === 'post' && path === '/v1/snapshots')
      return { kind: 'jwt', roles: MAINTAINERS, why: 'a person takes a forecast snapshot' };
    // Unsuppressed per-key figures (care days, households, forecast volumes): what reporting reads
    // with its service token, and people who see everything — never a plain ekonom (SPEC §8).
    return {
      kind: 'jwt',
      roles: ['service', 'controller', 'admin'],
      why: 'the internal query API, read by reporting',
    };
  }
  // reporting
  if (method === 'get' && (path === '/' || path.startsWith('/assets/'))) return { kind: 'open' }; // the dashboard shell, no data
  if (path.startsWith('/v1/admin/')) return { kind: 'jwt', roles: ['admin'], why: 'operating the service' };
  if (method === 'get')
    return { kind: 'jwt', roles: PEOPLE_READING, why: 'SPEC §8: every role reads reports' };
  if (/^\/v1\/rounds\/\{[^}]+\}\/approve$/.test(path))
    return { kind: 'jwt', roles: ['controller'], why: 'a round is approved by a controller' };
  if (/^\/v1\/rounds\/\{[^}]+\}\/lines\/\{[^}]+\}\/(comment|ready|reopen)$/.test(path)) {
    return {
      kind: 'jwt',
      roles: PEOPLE_READING,
      why: 'reporting: the economist of a line comments on it and marks it ready',
    };
  }
  return { kind: 'jwt', roles: MAINTAINERS, why: 'SPEC §8: budgets and other writes are the controller’s' };
}

interface Operation {
  readonly service: 'intake' | 'payments' | 'forecast' | 'reporting';
  readonly method: string;
  readonly path: string;
  readonly url: string;
  readonly policy: Policy | undefined;
}

let s: SecuritySystem;
const operations: Operation[] = [];

const PARAMS: Record<string, string> = {
  year: '2023',
  roundId: randomUUID(),
  line: 'EKB_UTBETALT',
  file: 'app.js',
  asOf: '2023-08-31',
  groupBy: 'line',
};

beforeAll(async () => {
  s = await startSecuritySystem('access');
  for (const service of ['intake', 'payments', 'forecast', 'reporting'] as const) {
    const doc = (await call('GET', `${s.url[service]}/docs-json`)).json as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string; in: string; required?: boolean }[] }>
      >;
    };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const query = new URLSearchParams();
        for (const p of op.parameters ?? [])
          if (p.in === 'query' && p.required) query.set(p.name, PARAMS[p.name] ?? 'x');
        const concrete = path.replace(/\{([^}]+)\}/g, (_, name: string) =>
          encodeURIComponent(PARAMS[name] ?? 'x'),
        );
        operations.push({
          service,
          method,
          path,
          url: `${s.url[service]}${concrete}${query.size > 0 ? `?${query}` : ''}`,
          policy: policyOf(service, method, path),
        });
      }
    }
  }
}, 300_000);

afterAll(async () => {
  await s?.stop();
});

function send(op: Operation, authorization: string | undefined, body?: string) {
  const isCsv = op.path === '/v1/imports/ledger';
  return call(op.method.toUpperCase(), op.url, {
    authorization,
    body: ['post', 'put', 'patch'].includes(op.method)
      ? (body ?? (isCsv ? 'Verifikation;Bokföringsdatum;Konto;Belopp\n' : '{}'))
      : undefined,
    contentType: ['post', 'put', 'patch'].includes(op.method)
      ? isCsv
        ? 'text/csv'
        : 'application/json'
      : undefined,
  });
}

const now = () => Math.floor(Date.now() / 1000);
const secret = new TextEncoder().encode(LOCAL_SECRETS.AUTH_JWT_SECRET);

/** Credentials that must each get 401 at every JWT route. */
async function badCredentials(): Promise<Record<string, string | undefined>> {
  const all = [...ROLES];
  return {
    missing: undefined,
    'empty bearer': 'Bearer ',
    'not a JWT': 'Bearer not-a-jwt',
    'no Bearer scheme': await localJwt(all),
    'Basic scheme': `Basic ${Buffer.from('admin:admin').toString('base64')}`,
    'an ingest token': `Bearer ${INGEST.payments}`,
    expired: `Bearer ${await localJwt(all, { issuedAt: now() - 7200, expiresAt: now() - 60 })}`,
    'not yet valid': `Bearer ${await new SignJWT({ roles: all })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('early')
      .setIssuedAt()
      .setNotBefore(now() + 3600)
      .setExpirationTime(now() + 7200)
      .sign(secret)}`,
    'signed with another secret': `Bearer ${await localJwt(all, { secret: 'another-secret-of-at-least-thirty-two-characters' })}`,
    'alg none': `Bearer ${unsignedJwt(all)}`,
    'roles raised after signing': `Bearer ${await tamperedJwt(['ekonom'], all)}`,
    'HS512 instead of HS256': `Bearer ${await new SignJWT({ roles: all }).setProtectedHeader({ alg: 'HS512' }).setSubject('alg').setIssuedAt().setExpirationTime('1h').sign(secret)}`,
    'signature stripped': `Bearer ${(await localJwt(all)).split('.').slice(0, 2).join('.')}.`,
  };
}

describe('access to every route of the OpenAPI documents', () => {
  it('has an access decision for every documented route', () => {
    expect(operations.length).toBeGreaterThan(10);
    expect(
      operations
        .filter((op) => op.policy === undefined)
        .map((op) => `${op.service} ${op.method.toUpperCase()} ${op.path}`),
    ).toEqual([]);
  });

  it('leaves only the open routes of SPEC §8 open (health, metrics, status, the dashboard shell)', async () => {
    const open = operations.filter((op) => op.policy?.kind === 'open');
    expect(open.length).toBeGreaterThanOrEqual(8);
    for (const op of open) {
      const reply = await send(op, undefined);
      expect({ route: `${op.service} ${op.path}`, status: reply.status }).toEqual({
        route: `${op.service} ${op.path}`,
        status: 200,
      });
    }
  });

  it('refuses missing, malformed, expired, badly signed, unsigned and tampered JWTs with 401 on every JWT route', async () => {
    const jwtRoutes = operations.filter((op) => op.policy?.kind === 'jwt');
    expect(jwtRoutes.length).toBeGreaterThan(5);
    const credentials = await badCredentials();
    const wrong: string[] = [];
    for (const op of jwtRoutes) {
      for (const [what, authorization] of Object.entries(credentials)) {
        const reply = await send(op, authorization);
        if (reply.status !== 401)
          wrong.push(`${op.service} ${op.method.toUpperCase()} ${op.path} with ${what}: ${reply.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a valid token without a permitted role with 403, and lets every permitted role past the guard', async () => {
    const wrong: string[] = [];
    for (const op of operations) {
      if (op.policy?.kind !== 'jwt') continue;
      const permitted = op.policy.roles;
      for (const roles of [[], ...ROLES.map((r) => [r])] as Role[][]) {
        const reply = await send(op, `Bearer ${await localJwt(roles)}`);
        const allowed = roles.some((r) => permitted.includes(r));
        const refused = reply.status === 401 || reply.status === 403;
        if (allowed && refused)
          wrong.push(
            `${op.service} ${op.method.toUpperCase()} ${op.path}: ${roles.join('+') || 'no role'} refused with ${reply.status} (${op.policy.why})`,
          );
        if (!allowed && reply.status !== 403)
          wrong.push(
            `${op.service} ${op.method.toUpperCase()} ${op.path}: ${roles.join('+') || 'no role'} got ${reply.status}, expected 403 (${op.policy.why})`,
          );
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses missing, unknown and malformed ingest tokens with 401 on every ingest route', async () => {
    const ingest = operations.filter((op) => op.policy?.kind === 'ingest');
    expect(ingest.map((op) => `${op.service} ${op.path}`).sort()).toEqual([
      'intake /v1/events',
      'payments /v1/events',
      'payments /v1/imports/ledger',
    ]);
    const bad: Record<string, string | undefined> = {
      missing: undefined,
      'empty bearer': 'Bearer ',
      unknown: 'Bearer not-a-configured-token',
      'a prefix of a token': `Bearer ${INGEST.payments.slice(0, -1)}`,
      'a token with a suffix': `Bearer ${INGEST.payments}x`,
      'no Bearer scheme': INGEST.payments,
      'Basic scheme': `Basic ${Buffer.from(`x:${INGEST.payments}`).toString('base64')}`,
      'a JWT of an admin': `Bearer ${await localJwt(['admin', 'controller'])}`,
    };
    const rows = await ingestedRows(s);
    const wrong: string[] = [];
    for (const op of ingest) {
      for (const [what, authorization] of Object.entries(bad)) {
        const body =
          op.path === '/v1/events'
            ? JSON.stringify([
                validEvents(`acc-${what.replace(/\W/g, '')}-${op.service}`)[
                  op.service === 'intake' ? 'caseOpened' : 'ledgerPosted'
                ],
              ])
            : undefined;
        const reply = await send(op, authorization, body);
        if (reply.status !== 401) wrong.push(`${op.service} ${op.path} with ${what}: ${reply.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await ingestedRows(s)).toEqual(rows);
  });

  it('does not let an ingest token write another system’s source (403, nothing applied)', async () => {
    const e = validEvents(`cross-${Date.now()}`);
    const attempts: { what: string; url: string; token: string; body: string; contentType: string }[] = [
      {
        what: 'lifecare token, payment of urn:system:utbetalning',
        url: `${s.url.payments}/v1/events`,
        token: INGEST.lifecare,
        body: JSON.stringify([e.paymentDisbursed]),
        contentType: 'application/json',
      },
      {
        what: 'payments token, case of urn:system:lifecare',
        url: `${s.url.intake}/v1/events`,
        token: INGEST.payments,
        body: JSON.stringify([e.caseOpened]),
        contentType: 'application/json',
      },
      {
        what: 'lifecare token, one foreign event in a valid batch',
        url: `${s.url.intake}/v1/events`,
        token: INGEST.lifecare,
        body: JSON.stringify([e.placementStarted, { ...e.caseOpened, source: 'urn:system:treserva' }]),
        contentType: 'application/json',
      },
      {
        what: 'lifecare token, a look-alike source (Cyrillic е)',
        url: `${s.url.intake}/v1/events`,
        token: INGEST.lifecare,
        body: JSON.stringify([{ ...e.caseOpened, source: 'urn:system:lifеcare' }]),
        contentType: 'application/json',
      },
      {
        what: 'lifecare token, the ledger import',
        url: `${s.url.payments}/v1/imports/ledger`,
        token: INGEST.lifecare,
        body: 'Verifikation;Bokföringsdatum;Konto;Belopp\nX1;2023-02-01;4560;1,00\n',
        contentType: 'text/csv',
      },
      {
        what: 'payments token, ledger import as urn:system:lifecare',
        url: `${s.url.payments}/v1/imports/ledger?source=${encodeURIComponent('urn:system:lifecare')}`,
        token: INGEST.payments,
        body: 'Verifikation;Bokföringsdatum;Konto;Belopp\nX2;2023-02-01;4560;1,00\n',
        contentType: 'text/csv',
      },
    ];
    const rows = await ingestedRows(s);
    const got = [];
    for (const a of attempts) {
      const reply = await call('POST', a.url, { token: a.token, body: a.body, contentType: a.contentType });
      got.push({
        what: a.what,
        status: reply.status,
        namesSource: JSON.stringify(reply.json ?? {}).includes('"field":"source"'),
      });
    }
    expect(got).toEqual(attempts.map((a) => ({ what: a.what, status: 403, namesSource: true })));
    expect(await ingestedRows(s)).toEqual(rows);
    // … while each token may write its own sources.
    const own = await call('POST', `${s.url.intake}/v1/events`, {
      token: INGEST.lifecare,
      body: JSON.stringify([e.caseOpened]),
      contentType: 'application/json',
    });
    expect(own.status).toBe(202);
  });

  it('keeps the local login (which mints any role) off unless asked for', async () => {
    const reply = await call('POST', `${s.url.reporting}/v1/dev/login`, {
      body: JSON.stringify({ subject: 'mallory', roles: ['admin'] }),
      contentType: 'application/json',
    });
    expect(reply.status).toBe(404);
    expect(reply.text).not.toMatch(/eyJ/);
  });
});
