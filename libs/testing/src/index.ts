export * from './infra/kafka';
export * from './infra/postgres';
export * from './infra/net';
export * from './infra/private-kafka';
export * from './infra/run-script';
export * from './ids';
export * from './system/services';
export * from './reference';
