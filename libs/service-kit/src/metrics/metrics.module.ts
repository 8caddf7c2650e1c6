import { type DynamicModule, Global, Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { HttpMetrics, METRICS_REGISTRY } from './http-metrics';
import { MetricsController } from './metrics.controller';

export interface MetricsOptions {
  readonly serviceName: string;
}

/**
 * GET /metrics from a registry of this app's own (not prom-client's global one, so several apps
 * in one test process do not collide). Global: features inject METRICS_REGISTRY and register
 * their metrics on it, e.g. `new Counter({ name, help, registers: [registry] })`.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [
        {
          provide: METRICS_REGISTRY,
          useFactory: () => {
            const registry = new Registry();
            registry.setDefaultLabels({ service: options.serviceName });
            collectDefaultMetrics({ register: registry });
            return registry;
          },
        },
        HttpMetrics,
      ],
      exports: [METRICS_REGISTRY, HttpMetrics],
    };
  }
}
