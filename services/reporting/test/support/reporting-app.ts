// Boots the real reporting service in-process (config → AppModule → kit bootstrap, as main.ts
// does), on a fresh PostgreSQL schema, against a fake forecast service.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createServiceApp, JsonLogger, signLocalToken, type Role } from '@ramprognos/service-kit';
import { sql, uniqueSchema } from '@ramprognos/testing';
import type { Clock } from '../../src/budgets';
import { AppModule } from '../../src/app.module';
import { loadReportingConfig, SERVICE_NAME } from '../../src/config';

export const JWT_SECRET = 'reporting-int-test-jwt-secret-0123456789';

export interface ReportingApp {
  readonly app: NestExpressApplication;
  readonly schema: string;
  /** Stops the app and drops its schema, unless kept for a restart. */
  close(keepSchema?: boolean): Promise<void>;
}

export async function startReporting(options: {
  forecastUrl: string;
  clock?: Clock;
  timeoutMs?: number;
  env?: Record<string, string>;
  /** Boot on an existing schema (a restart); default a fresh one. */
  schema?: string;
}): Promise<ReportingApp> {
  const schema = options.schema ?? uniqueSchema('reporting_it');
  const config = loadReportingConfig({
    ...process.env,
    DB_SCHEMA: schema,
    AUTH_JWT_SECRET: JWT_SECRET,
    AUTH_JWKS_URL: undefined,
    FORECAST_URL: options.forecastUrl,
    FORECAST_TIMEOUT_MS: String(options.timeoutMs ?? 20_000),
    ...options.env,
  });
  const app = await createServiceApp(AppModule.forRoot(config, { clock: options.clock }), {
    serviceName: SERVICE_NAME,
    port: 0,
    host: '127.0.0.1',
    listen: false,
    logger: new JsonLogger({ service: SERVICE_NAME, level: 'fatal', write: () => undefined }),
  });
  return {
    app,
    schema,
    async close(keepSchema = false) {
      await app.close();
      if (!keepSchema) await sql(`drop schema if exists "${schema}" cascade`);
    },
  };
}

/** Queries go through the shared helper: one connection per call, DATABASE_URL of the global setup. */
export { sql };

export function tokenFor(roles: readonly Role[], subject = 'anna.controller'): Promise<string> {
  return signLocalToken(JWT_SECRET, { subject, roles });
}

export async function bearer(roles: readonly Role[], subject?: string): Promise<string> {
  return `Bearer ${await tokenFor(roles, subject)}`;
}

/** A fixed clock that a test can move. */
export class TestClock implements Clock {
  constructor(private instant: Date) {}
  now(): Date {
    return new Date(this.instant);
  }
  set(iso: string): void {
    this.instant = new Date(iso);
  }
}
