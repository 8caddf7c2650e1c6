import type { LoggerService, LogLevel } from '@nestjs/common';
import { scrub, scrubError } from './redact';

/** Nest's levels, least to most severe. LOG_LEVEL=log keeps log, warn, error and fatal. */
export const LOG_LEVEL_NAMES = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'] as const;
export type LogLevelName = (typeof LOG_LEVEL_NAMES)[number];

// What log shippers expect to see in the `level` field.
const OUTPUT_LEVEL: Record<LogLevelName, string> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};

const RESERVED = new Set(['time', 'level', 'service', 'context', 'msg']);
const STACK_LIKE = /^.*\n\s+at .+/s;

export interface JsonLoggerOptions {
  readonly service: string;
  /** The least severe level written; default `log`. */
  readonly level?: LogLevelName;
  /** Where lines go; default stdout. */
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
}

/**
 * Nest LoggerService writing one JSON object per line:
 * `{time, level, service, context, msg, ...fields}`. Objects passed along the message become
 * fields, scrubbed of payloads and personal data (see redact.ts). Use it through Nest's `Logger`:
 * `new Logger(MyHandler.name).log({ msg: 'placement started', placementId })`.
 */
export class JsonLogger implements LoggerService {
  private readonly service: string;
  private readonly write: (line: string) => void;
  private readonly now: () => Date;
  private enabled: Set<LogLevel>;

  constructor(options: JsonLoggerOptions) {
    this.service = options.service;
    this.write = options.write ?? ((line) => process.stdout.write(line));
    this.now = options.now ?? (() => new Date());
    this.enabled = levelsFrom(options.level ?? 'log');
  }

  log(message: unknown, ...params: unknown[]): void {
    this.emit('log', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.emit('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.emit('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.emit('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.emit('fatal', message, params);
  }
  /** Nest calls error(message, stack?, context?). */
  error(message: unknown, ...params: unknown[]): void {
    this.emit('error', message, params);
  }

  setLogLevels(levels: LogLevel[]): void {
    this.enabled = new Set(levels);
  }

  isLevelEnabled(level: LogLevelName): boolean {
    return this.enabled.has(level);
  }

  private emit(level: LogLevelName, message: unknown, params: unknown[]): void {
    if (!this.enabled.has(level)) return;
    const rest = [...params];
    // Nest's Logger appends its context as the last string argument.
    const context =
      rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = {};
    let msg: string;
    if (message instanceof Error) {
      msg = message.message;
      fields.err = scrubError(message);
    } else if (isPlainObject(message)) {
      const { msg: m, message: mm, ...others } = message;
      msg = typeof m === 'string' ? m : typeof mm === 'string' ? mm : '';
      Object.assign(fields, others);
    } else {
      msg = String(message);
    }
    const extra: unknown[] = [];
    for (const param of rest) {
      if (param instanceof Error) fields.err = scrubError(param);
      else if (typeof param === 'string' && STACK_LIKE.test(param)) fields.stack = param;
      else if (isPlainObject(param)) Object.assign(fields, param);
      else if (param !== undefined) extra.push(param);
    }
    if (extra.length > 0) fields.args = extra;

    const line: Record<string, unknown> = {
      time: this.now().toISOString(),
      level: OUTPUT_LEVEL[level],
      service: this.service,
      ...(context ? { context } : {}),
      msg: scrub(msg),
    };
    const safe = scrub(fields) as Record<string, unknown>;
    for (const [key, value] of Object.entries(safe)) {
      if (value === undefined) continue;
      line[RESERVED.has(key) ? `${key}_` : key] = value;
    }
    this.write(`${JSON.stringify(line)}\n`);
  }
}

function levelsFrom(minimum: LogLevelName): Set<LogLevel> {
  return new Set(LOG_LEVEL_NAMES.slice(LOG_LEVEL_NAMES.indexOf(minimum)));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
