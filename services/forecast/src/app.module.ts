import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule, databaseModule, HealthModule, KafkaModule, MetricsModule, ServiceConfigModule } from '@ramprognos/service-kit';
import { type ForecastConfig, SERVICE_NAME } from './config';
import { migrations } from './migrations';
import { ProjectionsModule } from './projections/projections.module';
import { SnapshotsModule } from './snapshots/snapshots.module';

@Module({})
export class AppModule {
  static forRoot(config: ForecastConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceConfigModule.forRoot(config),
        databaseModule({
          url: config.DATABASE_URL,
          schema: config.DB_SCHEMA,
          migrations,
          applicationName: SERVICE_NAME,
        }),
        HealthModule.forRoot({ serviceName: SERVICE_NAME, kafkaBrokers: config.KAFKA_BROKERS }),
        MetricsModule.forRoot({ serviceName: SERVICE_NAME }),
        CqrsModule.forRoot(),
        KafkaModule.forRoot({ clientId: SERVICE_NAME, brokers: config.KAFKA_BROKERS }),
        AuthModule.forRoot({ jwtSecret: config.AUTH_JWT_SECRET, jwksUrl: config.AUTH_JWKS_URL }),
        ProjectionsModule,
        SnapshotsModule,
      ],
    };
  }
}
