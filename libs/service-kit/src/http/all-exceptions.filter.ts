import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { routeOf } from '../metrics/http-metrics';
import { type ErrorBody, type ErrorItem, errorBody } from './error-body';
import type { HttpRequest, HttpResponse } from './express-types';

/**
 * The one place an exception becomes an HTTP reply. Replies are JSON `{errors: [...]}` and never
 * carry a stack trace or the request's payload; 5xx replies say only "internal error" and the
 * details go to the log (scrubbed by the JSON logger).
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
    const { status, body } = this.toReply(exception, req);
    if (res.headersSent) {
      res.end();
      return;
    }
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(body));
  }

  private toReply(exception: unknown, req: HttpRequest): { status: number; body: unknown } {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status >= 500) this.logServerError(exception, req, status);
      return { status, body: fromHttpException(exception) };
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
