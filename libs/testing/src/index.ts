export * from './infra/kafka';
export * from './infra/postgres';
export * from './infra/net';
export * from './ids';
