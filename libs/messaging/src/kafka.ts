import { Kafka, logLevel as LogLevel, type RetryOptions } from 'kafkajs';
import { jsonLineLogger, jsonLogCreator, type LogLevelName, type MessagingLogger } from './log';

export interface CreateKafkaOptions {
  readonly clientId: string;
  /** `['127.0.0.1:9092']` or the comma-separated form of a KAFKA_BROKERS variable. */
  readonly brokers: readonly string[] | string;
  readonly logLevel?: LogLevelName | 'nothing';
  /** Where kafkajs' log lines go; JSON lines on stdout by default. */
  readonly logger?: MessagingLogger;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly retry?: RetryOptions;
}

// Enough to ride out a broker restart or leader election (~1 min in total) without hanging for ever.
export const DEFAULT_RETRY: Readonly<RetryOptions> = {
  initialRetryTime: 300,
  maxRetryTime: 10_000,
  factor: 0.2,
  multiplier: 2,
  retries: 10,
};

const LEVELS: Readonly<Record<LogLevelName | 'nothing', LogLevel>> = {
  nothing: LogLevel.NOTHING,
  error: LogLevel.ERROR,
  warn: LogLevel.WARN,
  info: LogLevel.INFO,
  debug: LogLevel.DEBUG,
};

export function createKafka(options: CreateKafkaOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: parseBrokers(options.brokers),
    // kafkajs' 1 s default is too tight for a broker that is busy electing leaders.
    connectionTimeout: options.connectionTimeoutMs ?? 5_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    logLevel: LEVELS[options.logLevel ?? 'info'],
    logCreator: jsonLogCreator(options.logger ?? jsonLineLogger()),
  });
}

export function parseBrokers(brokers: readonly string[] | string): string[] {
  const list = (typeof brokers === 'string' ? brokers.split(',') : [...brokers])
    .map((b) => b.trim())
    .filter(Boolean);
  if (list.length === 0) throw new Error('No Kafka brokers given');
  return list;
}

export function isLogLevelName(value: string): value is LogLevelName | 'nothing' {
  return value in LEVELS;
}
