import { logLevel, type LogEntry, type logCreator } from 'kafkajs';

export type LogLevelName = 'error' | 'warn' | 'info' | 'debug';
export type LogFields = Readonly<Record<string, unknown>>;

/** The shape of kafkajs' own `Logger` (so `kafka.logger()` is one), and easy to adapt to Nest or pino. */
export interface MessagingLogger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
}

/** One JSON object per line, e.g. to stdout for the log collector. */
export function jsonLineLogger(
  write: (line: string) => void = (line) => process.stdout.write(line),
  base: LogFields = {},
): MessagingLogger {
  const emit =
    (level: LogLevelName) =>
    (message: string, fields: LogFields = {}) =>
      write(
        `${JSON.stringify({ time: new Date().toISOString(), level, ...base, ...safeFields(fields), message })}\n`,
      );
  return { error: emit('error'), warn: emit('warn'), info: emit('info'), debug: emit('debug') };
}

const LEVEL_NAMES: Readonly<Record<number, LogLevelName>> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * Routes kafkajs' log entries to our logger. kafkajs' own timestamp is dropped (the logger stamps
 * its lines) and fields pass through `safeFields`, so that the protocol-buffer debugging kafkajs
 * can be switched to by environment never puts message bytes into our logs.
 */
export function jsonLogCreator(logger: MessagingLogger): logCreator {
  return () => (entry: LogEntry) => {
    const { message, timestamp: _timestamp, ...rest } = entry.log;
    logger[levelOf(entry.namespace, entry.level, message)](message, {
      logger: 'kafkajs',
      namespace: entry.namespace,
      ...rest,
    });
  };
}

// Deliberate settings kafkajs warns about on every start: we bound the idempotent producer's
// retries (so a publish to a missing topic fails instead of hanging) and accept at-least-once.
const EXPECTED_WARNINGS = ['Limiting retries for the idempotent producer'];

function levelOf(namespace: string, level: logLevel, message: string): LogLevelName {
  if (EXPECTED_WARNINGS.some((w) => message.startsWith(w))) return 'debug';
  // kafkajs logs every error *response* (a rebalance, a coordinator still loading) at error level
  // and then retries; a real failure is logged again where it ends (a crash, a failed send).
  if (level === logLevel.ERROR && namespace === 'Connection' && message.startsWith('Response '))
    return 'warn';
  return LEVEL_NAMES[level] ?? 'info';
}

// Field names under which a client could carry message contents; never logged.
const PAYLOAD_KEYS = new Set(['payload', 'buffer', 'value', 'key', 'messages', 'data', 'headers']);
const MAX_STRING = 2000;

/** Log fields reduced to JSON-safe metadata: no buffers, no payload-like keys, bounded strings and depth. */
export function safeFields(fields: LogFields): Record<string, unknown> {
  return sanitise(fields, 0) as Record<string, unknown>;
}

function sanitise(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return { name: value.name, message: sanitise(value.message, depth + 1) };
  if (Buffer.isBuffer(value) || value instanceof Uint8Array || typeof value !== 'object' || depth > 3)
    return undefined;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => sanitise(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (PAYLOAD_KEYS.has(k)) continue;
    const clean = sanitise(v, depth + 1);
    if (clean !== undefined) out[k] = clean;
  }
  return out;
}
