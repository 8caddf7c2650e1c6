import { Inject, Injectable } from '@nestjs/common';
import type { HttpRequest, HttpResponse, NextFunction } from '../http/express-types';
import { Counter, Histogram, type Registry } from 'prom-client';

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** The matched route pattern (never the raw URL: ids in paths would explode the label set). */
export function routeOf(req: HttpRequest): string {
  const route = req.route;
  return route && typeof route.path === 'string' ? `${req.baseUrl ?? ''}${route.path}` : 'unmatched';
}

/** Counts and times every HTTP request by method, route pattern and status. */
@Injectable()
export class HttpMetrics {
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  /** Express middleware; mounted first so that rejected bodies (413) are counted too. */
  readonly middleware = (req: HttpRequest, res: HttpResponse, next: NextFunction): void => {
    const end = this.duration.startTimer();
    res.once('finish', () => {
      const labels = { method: req.method ?? 'UNKNOWN', route: routeOf(req), status: String(res.statusCode) };
      this.requests.inc(labels);
      end(labels);
    });
    next();
  };
}
