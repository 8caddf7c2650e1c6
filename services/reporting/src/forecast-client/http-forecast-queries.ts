import { BadGatewayException, HttpException, Logger, ServiceUnavailableException } from '@nestjs/common';
import { errorBody } from '@ramprognos/service-kit';
import type { z } from 'zod';
import type { ActualsResponse, HouseholdsByLine } from '../reports/budget-deviation';
import type { ForecastQueries, ReportPeriod } from './forecast-queries';
import {
  actualsResponseSchema,
  forecastsResponseSchema,
  householdsResponseSchema,
  snapshotListSchema,
  snapshotSchema,
  type ForecastsAnswer,
  type Snapshot,
  type SnapshotSummary,
} from './forecast-responses';

export interface ForecastClientOptions {
  /** e.g. http://127.0.0.1:3003, no trailing slash. */
  readonly url: string;
  readonly timeoutMs: number;
  /**
   * The bearer token reporting presents to the forecast service (role `service`). Without it the
   * caller's own token is passed on, which the forecast service accepts from controllers and
   * admins only.
   */
  readonly serviceToken?: () => Promise<string>;
}

interface Call {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly authorization?: string;
  /** 404 (and 501) mean "this part of the forecast service does not exist yet": answer null. */
  readonly optional?: boolean;
}

const FIELD = 'forecast';

/** The forecast service over HTTP, with a deadline per call; its failures become 503/502 replies. */
export class HttpForecastQueries implements ForecastQueries {
  private readonly logger = new Logger('ForecastClient');

  constructor(private readonly options: ForecastClientOptions) {}

  async actuals(period: ReportPeriod, authorization: string | undefined): Promise<ActualsResponse> {
    const answer = await this.call(
      { method: 'GET', path: `/v1/actuals?${query(period)}`, authorization },
      actualsResponseSchema,
    );
    return answer as ActualsResponse;
  }

  async households(
    period: ReportPeriod,
    groups: Readonly<Record<string, readonly string[]>>,
    authorization: string | undefined,
  ): Promise<HouseholdsByLine> {
    const answer = await this.call(
      { method: 'POST', path: '/v1/queries/households', body: { ...period, groups }, authorization },
      householdsResponseSchema,
    );
    return (answer as z.output<typeof householdsResponseSchema>).groups;
  }

  forecasts(period: ReportPeriod, authorization: string | undefined): Promise<ForecastsAnswer | null> {
    return this.call(
      { method: 'GET', path: `/v1/forecasts?${query(period)}`, authorization, optional: true },
      forecastsResponseSchema,
    );
  }

  snapshots(year: number, authorization: string | undefined): Promise<readonly SnapshotSummary[] | null> {
    return this.call(
      { method: 'GET', path: `/v1/snapshots?year=${year}`, authorization, optional: true },
      snapshotListSchema,
    );
  }

  snapshot(id: string, authorization: string | undefined): Promise<Snapshot | null> {
    return this.call(
      { method: 'GET', path: `/v1/snapshots/${encodeURIComponent(id)}`, authorization, optional: true },
      snapshotSchema,
    );
  }

  async status(): Promise<unknown> {
    return this.call({ method: 'GET', path: '/v1/status' }, null);
  }

  private async call<S extends z.ZodTypeAny>(call: Call, schema: S): Promise<z.output<S>>;
  private async call(call: Call, schema: null): Promise<unknown>;
  private async call(call: Call, schema: z.ZodTypeAny | null): Promise<unknown> {
    const route = call.path.replace(/\?.*$/, '');
    const started = Date.now();
    let response: Response;
    const authorization = this.options.serviceToken ? `Bearer ${await this.options.serviceToken()}` : call.authorization;
    try {
      response = await fetch(`${this.options.url}${call.path}`, {
        method: call.method,
        headers: {
          accept: 'application/json',
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(authorization === undefined ? {} : { authorization }),
        },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      // By name, not instanceof: fetch's DOMException comes from another realm under some runners.
      const name = (error as { name?: unknown } | null)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      this.logger.warn({ msg: 'forecast service unavailable', route, timedOut, ms: Date.now() - started });
      throw new ServiceUnavailableException(
        errorBody({
          field: FIELD,
          message: timedOut
            ? `the forecast service did not answer within ${this.options.timeoutMs} ms; try again shortly`
            : 'the forecast service is not reachable; try again shortly',
        }),
      );
    }
    if (call.optional && (response.status === 404 || response.status === 501)) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel();
      this.logger.warn({ msg: 'forecast service refused a query', route, status: response.status });
      throw failure(response.status);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new BadGatewayException(
        errorBody({ field: FIELD, message: `the forecast service sent no JSON from ${route}` }),
      );
    }
    if (schema === null) return body;
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.logger.warn({
        msg: 'forecast answer does not follow the contract',
        route,
        path: issue?.path.join('.'),
      });
      throw new BadGatewayException(
        errorBody({
          field: FIELD,
          message: `the forecast service's answer from ${route} does not follow the contract (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'})`,
        }),
      );
    }
    return parsed.data;
  }
}

function query(period: ReportPeriod): string {
  return new URLSearchParams({
    year: String(period.year),
    asOf: period.asOf,
    knownAt: period.knownAt,
  }).toString();
}

function failure(status: number): HttpException {
  if (status === 401 || status === 403) {
    return new BadGatewayException(
      errorBody({
        field: FIELD,
        message: `the forecast service refused the caller's token (${status}); its auth settings must match reporting's`,
      }),
    );
  }
  if (status === 503 || status === 502 || status === 504) {
    return new ServiceUnavailableException(
      errorBody({
        field: FIELD,
        message: `the forecast service is unavailable (${status}); try again shortly`,
      }),
    );
  }
  return new BadGatewayException(
    errorBody({ field: FIELD, message: `the forecast service answered ${status}` }),
  );
}
