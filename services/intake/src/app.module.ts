import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import {
  databaseModule,
  HealthModule,
  KafkaModule,
  MetricsModule,
  ServiceConfigModule,
} from '@ramprognos/service-kit';
import { type IntakeConfig, SERVICE_NAME } from './config';
import { intakeIngestionModule } from './events/intake-ingestion.module';
import { migrations } from './migrations';

@Module({})
export class AppModule {
  static forRoot(config: IntakeConfig): DynamicModule {
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
        intakeIngestionModule(config),
      ],
    };
  }
}
