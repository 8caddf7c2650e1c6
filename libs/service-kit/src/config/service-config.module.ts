import { type DynamicModule, Global, Module } from '@nestjs/common';

/** Injection token of the service's validated config: `@Inject(SERVICE_CONFIG) config: IntakeConfig`. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** Makes the already-validated config injectable everywhere in the service. */
@Global()
@Module({})
export class ServiceConfigModule {
  static forRoot<T extends object>(config: T): DynamicModule {
    return {
      module: ServiceConfigModule,
      providers: [{ provide: SERVICE_CONFIG, useValue: Object.freeze({ ...config }) }],
      exports: [SERVICE_CONFIG],
    };
  }
}
