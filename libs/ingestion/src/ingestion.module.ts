import { type DynamicModule, Module } from '@nestjs/common';
import { KAFKA, METRICS_REGISTRY, type IngestTokens } from '@ramprognos/service-kit';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { IngestAuthority } from './auth/ingest-authority';
import { IngestTokenGuard } from './auth/ingest-token.guard';
import { EventIngestion } from './events/event-ingestion';
import { eventsControllerFor } from './http/events.controller';
import { MAX_EVENTS_PER_REQUEST } from './http/receive-events';
import { IngestionStatusController } from './http/status.controller';
import { IngestionRuntime, type IngestionRuntimeOptions } from './ingestion-runtime';

export interface IngestionModuleOptions extends IngestionRuntimeOptions {
  /** INGEST_TOKENS: token → the sources it may write. */
  readonly tokens: IngestTokens;
  readonly maxEventsPerRequest?: number;
}

/**
 * POST /v1/events, GET /v1/status, the outbox relay and the inbound consumer of one ingesting
 * service. Needs the service kit's database module, KafkaModule and MetricsModule in the app.
 * Global: a service's own use cases (the ledger CSV import) inject EventIngestion and use
 * IngestTokenGuard.
 */
@Module({})
export class IngestionModule {
  static forRoot(options: IngestionModuleOptions): DynamicModule {
    return {
      module: IngestionModule,
      global: true,
      controllers: [
        eventsControllerFor(options.spec, options.maxEventsPerRequest ?? MAX_EVENTS_PER_REQUEST),
        IngestionStatusController,
      ],
      providers: [
        { provide: IngestAuthority, useValue: new IngestAuthority(options.tokens) },
        IngestTokenGuard,
        {
          provide: IngestionRuntime,
          useFactory: (kafka: Kafka, dataSource: DataSource, registry: Registry) =>
            new IngestionRuntime(kafka, dataSource, registry, options),
          inject: [KAFKA, DataSource, METRICS_REGISTRY],
        },
        {
          provide: EventIngestion,
          useFactory: (runtime: IngestionRuntime) => runtime.ingestion,
          inject: [IngestionRuntime],
        },
      ],
      exports: [IngestAuthority, IngestTokenGuard, IngestionRuntime, EventIngestion],
    };
  }
}
