import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HEALTH_OPTIONS, type HealthOptions, KafkaHealthIndicator } from './kafka.health';

/** GET /health: database ping and Kafka describeCluster. Needs databaseModule() in the app. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
      controllers: [HealthController],
      providers: [{ provide: HEALTH_OPTIONS, useValue: options }, KafkaHealthIndicator],
      exports: [KafkaHealthIndicator],
    };
  }
}
