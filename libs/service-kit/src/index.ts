// The Nest shell shared by every service: config, JSON logs, bootstrap, database, health, metrics.
export * from './config/load-config';
export * from './config/common-config';
export * from './config/ingest-tokens';
export * from './config/service-config.module';
export * from './logging/json-logger';
export { REDACTED_KEYS, maskPersonnummer, scrub } from './logging/redact';
export * from './http/create-service-app';
export * from './http/error-body';
export {
  AllExceptionsFilter,
  RETRY_AFTER_SECONDS,
  DATABASE_UNAVAILABLE_MESSAGE,
} from './http/all-exceptions.filter';
export * from './database/database.module';
export { ensureDatabaseAndSchema } from './database/prepare-database';
export { isTransientDatabaseError, databaseFailureKind } from './database/database-errors';
export { HealthModule } from './health/health.module';
export { KafkaHealthIndicator, type HealthOptions } from './health/kafka.health';
export { MetricsModule, type MetricsOptions } from './metrics/metrics.module';
export { METRICS_REGISTRY, HttpMetrics } from './metrics/http-metrics';
export * from './auth/roles';
export { AuthModule } from './auth/auth.module';
export { JwtAuthGuard, Roles, CurrentPrincipal, TOKEN_VERIFIER } from './auth/auth.guard';
export { TokenVerifier, AuthError, type AuthOptions } from './auth/token-verifier';
export { signLocalToken } from './auth/sign-token';
export { KafkaModule, KAFKA } from './kafka/kafka.module';
