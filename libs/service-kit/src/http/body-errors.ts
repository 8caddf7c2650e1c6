import { Logger } from '@nestjs/common';
import { errorBody } from './error-body';
import type { HttpRequest, HttpResponse, NextFunction } from './express-types';

// body-parser's error types (https://github.com/expressjs/body-parser#errors).
interface BodyParserError {
  readonly type?: string;
  readonly status?: number;
  readonly statusCode?: number;
  readonly limit?: number;
}

const logger = new Logger('HttpBody');

/**
 * Express error middleware right after the body parsers: their errors never reach Nest's filters.
 * The parser's own messages are not used: a JSON syntax error quotes part of the body.
 */
export function bodyErrorHandler(limitText: string) {
  return (error: unknown, req: HttpRequest, res: HttpResponse, next: NextFunction): void => {
    const e = (error ?? {}) as BodyParserError;
    const status = e.status ?? e.statusCode ?? 500;
    let reply: { status: number; message: string } | undefined;
    switch (e.type) {
      case 'entity.too.large':
        reply = { status: 413, message: `request body larger than ${limitText}` };
        break;
      case 'entity.parse.failed':
        reply = { status: 400, message: 'request body is not valid JSON' };
        break;
      case 'encoding.unsupported':
      case 'charset.unsupported':
        reply = { status: 415, message: 'unsupported content encoding or charset' };
        break;
      case 'request.aborted':
      case 'request.size.invalid':
      case 'stream.encoding.set':
        reply = { status: 400, message: 'request body could not be read' };
        break;
      default:
        if (status >= 400 && status < 500) reply = { status, message: 'request body could not be read' };
    }
    if (!reply) {
      next(error);
      return;
    }
    logger.warn({ msg: 'request body rejected', method: req.method, status: reply.status, reason: e.type });
    if (res.headersSent) {
      res.end();
      return;
    }
    res.statusCode = reply.status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(errorBody({ field: 'body', message: reply.message })));
  };
}
