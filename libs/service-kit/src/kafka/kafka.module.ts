import { type DynamicModule, Global, Module } from '@nestjs/common';
import { createKafka } from '@ramprognos/messaging';

/** Injection token of the service's kafkajs client (`@Inject(KAFKA) kafka: Kafka`). */
export const KAFKA = Symbol('KAFKA');

/** One kafkajs client per service, logging JSON lines, for its producers, consumers and admin calls. */
@Global()
@Module({})
export class KafkaModule {
  static forRoot(options: { clientId: string; brokers: readonly string[] }): DynamicModule {
    return {
      module: KafkaModule,
      providers: [{ provide: KAFKA, useFactory: () => createKafka({ clientId: options.clientId, brokers: options.brokers, logLevel: 'warn' }) }],
      exports: [KAFKA],
    };
  }
}
