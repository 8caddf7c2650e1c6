import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { isTransientDatabaseError } from '../database/database-errors';
import { routeOf } from '../metrics/http-metrics';
import { type ErrorBody, type ErrorItem, errorBody } from './error-body';
import type { HttpRequest, HttpResponse } from './express-types';

/** Seconds a client is asked to wait before retrying a request refused for a database outage. */
export const RETRY_AFTER_SECONDS = 5;

export const DATABASE_UNAVAILABLE_MESSAGE =
  'temporarily unavailable: the database cannot be reached or refused the work for now; try the same request again later (Retry-After)';

/**
 * The one place an exception becomes an HTTP reply. Replies are JSON `{errors: [...]}` and never
 * carry a stack trace or the request's payload; 5xx replies say only "internal error" and the
 * details go to the log (scrubbed by the JSON logger). A database that is down (or dropped the
 * connection, or is out of connections) is not the request's fault nor a bug: 503 with
 * Retry-After, so that a sender retries instead of giving up. Retrying is safe for ingestion:
 * a request is one transaction, and an event stored before the failure is a duplicate on resend.
 *
 * An HttpException whose response is an object of our own making (e.g. `{errors: [...]}`, or
 * terminus' health report) is sent as it is; Nest's default `{statusCode, message}` shape is
 * rewritten into `{errors}`.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<HttpRequest>();
    const res = http.getResponse<HttpResponse>();
    const { status, body, retryAfter } = this.toReply(exception, req);
    if (res.headersSent) {
      res.end();
      return;
    }
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    res.end(JSON.stringify(body));
  }

  private toReply(
    exception: unknown,
    req: HttpRequest,
  ): { status: number; body: unknown; retryAfter?: number } {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status >= 500) this.logServerError(exception, req, status);
      return { status, body: fromHttpException(exception) };
    }
    // After HttpException: one of those was shaped on purpose, whatever its cause.
    if (isTransientDatabaseError(exception)) {
      this.logger.warn({
        msg: 'request refused: database unavailable',
        method: req.method,
        route: routeOf(req),
        status: HttpStatus.SERVICE_UNAVAILABLE,
        error: describe(exception),
      });
      return {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        body: errorBody({ message: DATABASE_UNAVAILABLE_MESSAGE }),
        retryAfter: RETRY_AFTER_SECONDS,
      };
    }
    this.logServerError(exception, req, HttpStatus.INTERNAL_SERVER_ERROR);
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: errorBody({ message: 'internal error' }) };
  }

  private logServerError(exception: unknown, req: HttpRequest, status: number): void {
    // A 503 from /health is the health report doing its job, logged by terminus already.
    if (status === HttpStatus.SERVICE_UNAVAILABLE && routeOf(req) === '/health') return;
    const fields = { msg: 'request failed', method: req.method, route: routeOf(req), status };
    if (exception instanceof Error) this.logger.error(fields, exception);
    else this.logger.error({ ...fields, thrown: typeof exception });
  }
}

function fromHttpException(exception: HttpException): unknown {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return errorBody({ message: response });
  if (response && typeof response === 'object') {
    const r = response as Record<string, unknown>;
    if (!('statusCode' in r && 'message' in r)) return r; // shaped by our own code
    const messages = Array.isArray(r.message) ? r.message : [r.message];
    const items: ErrorItem[] = messages.map((m) => ({
      message:
        status >= 500 ? 'internal error' : typeof m === 'string' ? m : (STATUS_CODES[status] ?? 'error'),
    }));
    return { errors: items } satisfies ErrorBody;
  }
  return errorBody({ message: STATUS_CODES[status] ?? 'error' });
}

/** Name and code only: a driver's message may quote a statement's values. */
function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return typeof error;
  const e = error as { name?: unknown; code?: unknown; driverError?: { code?: unknown } };
  const code = e.code ?? e.driverError?.code;
  return `${typeof e.name === 'string' ? e.name : 'Error'}${typeof code === 'string' ? ` ${code}` : ''}`;
}
