import { type DynamicModule, Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DEFAULT_BODY_LIMIT } from '../config/common-config';
import { ConfigError } from '../config/load-config';
import { JsonLogger, type LogLevelName } from '../logging/json-logger';
import { HttpMetrics, routeOf } from '../metrics/http-metrics';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { bodyErrorHandler } from './body-errors';
import { errorBody } from './error-body';
import type { HttpRequest, HttpResponse, NextFunction } from './express-types';

export interface ServiceAppOptions {
  readonly serviceName: string;
  /** Port to listen on; 0 picks a free one (tests). */
  readonly port: number;
  /** Default 0.0.0.0 (reachable from other containers). */
  readonly host?: string;
  readonly logLevel?: LogLevelName;
  /** Largest accepted JSON body, e.g. `10mb`. */
  readonly bodyLimit?: string;
  readonly docs?: { readonly title?: string; readonly description?: string; readonly version?: string };
  /** Extra setup before the app initialises, e.g. `app.useBodyParser('text', { type: 'text/csv' })`. */
  readonly configure?: (app: NestExpressApplication) => void;
  /** false: initialise without listening (supertest against app.getHttpServer()). Default true. */
  readonly listen?: boolean;
  /** Default: a JsonLogger on stdout at logLevel. */
  readonly logger?: JsonLogger;
}

// Ops endpoints are polled every few seconds; their access lines are debug noise.
const QUIET_ROUTES = new Set(['/health', '/metrics']);

/**
 * The Nest shell every service runs in: JSON logs, shutdown on SIGTERM/SIGINT, OpenAPI at /docs
 * (/docs-json), a JSON body limit with a JSON 413, one exception filter for all replies, HTTP
 * metrics and access logs (never bodies). Resolves once listening (or initialised).
 */
export async function createServiceApp(
  module: Type<unknown> | DynamicModule,
  options: ServiceAppOptions,
): Promise<NestExpressApplication> {
  const logger = options.logger ?? new JsonLogger({ service: options.serviceName, level: options.logLevel });
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger,
    bodyParser: false, // registered below, with our limit and error replies
    abortOnError: false, // throw to the caller instead of process.abort()
  });
  try {
    app.disable('x-powered-by');
    app.enableShutdownHooks(['SIGTERM', 'SIGINT']);

    const httpMetrics = app.get(HttpMetrics, { strict: false });
    app.use(httpMetrics.middleware);
    app.use(accessLog(new Logger('Http')));
    app.use(refuseNulInUrl);
    app.useBodyParser('json', { limit: bodyLimit });
    app.use(bodyErrorHandler(bodyLimit));
    app.useGlobalFilters(new AllExceptionsFilter());
    options.configure?.(app);

    const docs = new DocumentBuilder()
      .setTitle(options.docs?.title ?? `Ramprognos ${options.serviceName}`)
      .setDescription(options.docs?.description ?? `The ${options.serviceName} service of Ramprognos.`)
      .setVersion(options.docs?.version ?? '1')
      .addBearerAuth()
      .build();
    SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, docs), {
      jsonDocumentUrl: 'docs-json',
      yamlDocumentUrl: 'docs-yaml',
    });

    if (options.listen === false) {
      await app.init();
    } else {
      const server = app.getHttpServer() as import('node:http').Server;
      // Idle keep-alive connections outlive the clients' own (undici: 4 s; load balancers: 60 s),
      // so a client never sends a request on a socket the server is closing at that moment.
      server.keepAliveTimeout = 65_000;
      server.headersTimeout = 66_000;
      await app.listen(options.port, options.host ?? '0.0.0.0');
      const address = app.getHttpServer().address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      const bootstrapLogger = new Logger('Bootstrap');
      bootstrapLogger.log({ msg: 'listening', port });
      app.getHttpServer().once('close', () => bootstrapLogger.log({ msg: 'stopped' }));
    }
    return app;
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}

function accessLog(logger: Logger) {
  return (req: HttpRequest, res: HttpResponse, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = routeOf(req);
      const line = {
        msg: 'request',
        method: req.method,
        route,
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      };
      if (QUIET_ROUTES.has(route)) logger.debug(line);
      else logger.log(line);
    });
    next();
  };
}

// A raw NUL, or one percent-encoded: %00. Decoders of other control characters stay the routes' business.
// eslint-disable-next-line no-control-regex -- NUL is what this looks for
const NUL_IN_URL = /\u0000|%00/i;

/**
 * No path or query value of any route may hold NUL: PostgreSQL text cannot store it and refuses
 * it as a parameter ("invalid byte sequence"), which a route would otherwise answer with a 500.
 * No value of these APIs needs it, so the shell refuses it once for every route.
 */
export function refuseNulInUrl(req: HttpRequest, res: HttpResponse, next: NextFunction): void {
  if (!NUL_IN_URL.test(req.originalUrl ?? req.url ?? '')) {
    next();
    return;
  }
  res.statusCode = 400;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(
    JSON.stringify(
      errorBody({ field: 'url', message: 'must not contain a NUL character (%00) in its path or query' }),
    ),
  );
}

/**
 * The body of every main.ts: crashes are logged as one JSON line (not Node's plain-text stack on
 * stderr) before the process exits non-zero, and a failed start says why (a ConfigError lists
 * every bad variable, never their values).
 */
export function runService(serviceName: string, start: () => Promise<unknown>): void {
  const logger = new JsonLogger({ service: serviceName });
  const die = (msg: string) => (error: unknown) => {
    if (error instanceof ConfigError) {
      logger.fatal({ msg: 'invalid configuration', problems: error.issues }, 'Bootstrap');
    } else {
      logger.fatal({ msg }, error instanceof Error ? error : new Error(String(error)), 'Bootstrap');
    }
    process.exit(1);
  };
  process.on('uncaughtException', die('uncaught exception'));
  process.on('unhandledRejection', die('unhandled promise rejection'));
  start().catch(die('service failed to start'));
}
