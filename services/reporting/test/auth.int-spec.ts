// Every route but /health, /metrics, /v1/status and /docs refuses a missing, malformed, expired,
// badly signed or under-privileged token (SPEC §8), and the list of routes checked here is the
// OpenAPI document's, so a new route cannot slip past.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { signLocalToken, type Role } from '@ramprognos/service-kit';
import { SignJWT } from 'jose';
import request from 'supertest';
import { FakeForecastServer } from './support/fake-forecast-server';
import { JWT_SECRET, bearer, startReporting, type ReportingApp } from './support/reporting-app';

interface Route {
  readonly method: 'get' | 'post' | 'put';
  /** As the OpenAPI document names it. */
  readonly template: string;
  readonly path: string;
  readonly roles: readonly Role[];
  readonly body?: unknown;
}

const ALL: readonly Role[] = ['ekonom', 'controller', 'admin'];
const R = '00000000-0000-4000-8000-000000000000';
const WRITERS: readonly Role[] = ['controller', 'admin'];

const ROUTES: readonly Route[] = [
  { method: 'post', template: '/v1/budgets', path: '/v1/budgets', roles: WRITERS, body: { year: 2023 } },
  {
    method: 'post',
    template: '/v1/budgets/{year}/adjustments',
    path: '/v1/budgets/2023/adjustments',
    roles: WRITERS,
    body: {},
  },
  { method: 'get', template: '/v1/budgets/{year}', path: '/v1/budgets/2023', roles: ALL },
  {
    method: 'post',
    template: '/v1/forecast-adjustments',
    path: '/v1/forecast-adjustments',
    roles: WRITERS,
    body: {},
  },
  {
    method: 'get',
    template: '/v1/forecast-adjustments',
    path: '/v1/forecast-adjustments?year=2023',
    roles: ALL,
  },
  {
    method: 'get',
    template: '/v1/reports/budget-deviation',
    path: '/v1/reports/budget-deviation?year=2023&asOf=2023-08-31&groupBy=frame',
    roles: ALL,
  },
  {
    method: 'get',
    template: '/v1/reports/forecast-accuracy',
    path: '/v1/reports/forecast-accuracy?year=2023',
    roles: ALL,
  },
  { method: 'get', template: '/v1/reports/monthly', path: '/v1/reports/monthly?year=2023&asOf=2023-08-31', roles: ALL },
  { method: 'post', template: '/v1/rounds', path: '/v1/rounds', roles: WRITERS, body: {} },
  { method: 'get', template: '/v1/rounds', path: '/v1/rounds?year=2023', roles: ALL },
  { method: 'get', template: '/v1/rounds/{roundId}', path: `/v1/rounds/${R}`, roles: ALL },
  { method: 'put', template: '/v1/rounds/{roundId}/lines/{line}/comment', path: `/v1/rounds/${R}/lines/L1/comment`, roles: ALL, body: { text: 'x' } },
  { method: 'post', template: '/v1/rounds/{roundId}/lines/{line}/ready', path: `/v1/rounds/${R}/lines/L1/ready`, roles: ALL },
  { method: 'post', template: '/v1/rounds/{roundId}/lines/{line}/reopen', path: `/v1/rounds/${R}/lines/L1/reopen`, roles: ALL },
  { method: 'post', template: '/v1/rounds/{roundId}/approve', path: `/v1/rounds/${R}/approve`, roles: ['controller'] },
  { method: 'get', template: '/v1/rounds/{roundId}/export', path: `/v1/rounds/${R}/export?format=pdf`, roles: ALL },
];

const OPEN = ['/health', '/metrics', '/v1/status'];

let forecast: FakeForecastServer;
let reporting: ReportingApp;
let app: NestExpressApplication;

beforeAll(async () => {
  forecast = await new FakeForecastServer([]).start();
  reporting = await startReporting({ forecastUrl: forecast.url });
  app = reporting.app;
});
afterAll(async () => {
  await reporting?.close();
  await forecast?.stop();
});

function send(route: Route, authorization?: string) {
  const call = request(app.getHttpServer())[route.method](route.path);
  if (authorization !== undefined) call.set('Authorization', authorization);
  return route.body === undefined ? call : call.send(route.body as object);
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('auth on every route', () => {
  it('checks exactly the routes of the OpenAPI document (plus the open ones)', async () => {
    const docs = await request(app.getHttpServer()).get('/docs-json').expect(200);
    const documented = Object.entries(docs.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`),
    );
    const covered = [...ROUTES.map((r) => `${r.method} ${r.template}`), ...OPEN.map((p) => `get ${p}`)];
    expect([...documented].sort()).toEqual([...covered].sort());
  });

  describe.each(ROUTES)('$method $template', (route) => {
    it('refuses a request without a token (401)', async () => {
      const res = await send(route).expect(401);
      expect(res.body.errors[0]).toMatchObject({ field: 'authorization' });
    });

    it('refuses a malformed token and a non-bearer scheme (401)', async () => {
      await send(route, 'Bearer not-a-jwt').expect(401);
      await send(route, `Basic ${Buffer.from('anna:secret').toString('base64')}`).expect(401);
    });

    it('refuses an expired token (401)', async () => {
      const expired = await signLocalToken(JWT_SECRET, {
        subject: 'anna',
        roles: ['admin'],
        expiresIn: Math.floor(Date.now() / 1000) - 60,
      });
      const res = await send(route, `Bearer ${expired}`).expect(401);
      expect(res.body.errors[0].message).toBe('the token has expired');
    });

    it('refuses a token signed with another key, and an unsigned one (401)', async () => {
      const forged = await signLocalToken(`${JWT_SECRET}-not-ours`, { subject: 'anna', roles: ['admin'] });
      const res = await send(route, `Bearer ${forged}`).expect(401);
      expect(res.body.errors[0].message).toBe('the token is not valid');
      const unsigned = `${encode({ alg: 'none' })}.${encode({ sub: 'anna', roles: ['admin'] })}.`;
      await send(route, `Bearer ${unsigned}`).expect(401);
    });

    it('refuses a valid token without one of its roles (403)', async () => {
      const others = ALL.filter((role) => !route.roles.includes(role));
      for (const roles of [[], ...others.map((role) => [role])] as Role[][]) {
        const res = await send(route, await bearer(roles)).expect(403);
        expect(res.body.errors[0]).toMatchObject({ field: 'authorization' });
      }
      // A roles claim that is not a list, or names unknown roles only, grants nothing.
      const odd = await new SignJWT({ roles: 'admin superuser' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('anna')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(JWT_SECRET));
      await send(route, `Bearer ${odd}`).expect(403);
    });

    it('lets each of its roles through', async () => {
      for (const role of route.roles) {
        const res = await send(route, await bearer([role]));
        expect([401, 403]).not.toContain(res.status);
      }
    });
  });

  it.each(OPEN)('%s needs no token', async (path) => {
    const res = await request(app.getHttpServer()).get(path);
    expect([401, 403]).not.toContain(res.status);
    expect(res.status).toBeLessThan(500);
  });

  it('serves /docs without a token', async () => {
    await request(app.getHttpServer()).get('/docs-json').expect(200);
  });
});
