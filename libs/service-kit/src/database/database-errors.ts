import { defaultFailureKind, type FailureKind } from '@ramprognos/messaging';

/*
 * Which PostgreSQL failures pass by themselves: the server is down, restarting, out of
 * connections, or dropped ours; or a transaction lost a race (serialization, deadlock). Retrying
 * the same work later is the right answer to these, and only to these: a constraint violation
 * or a bad query fails the same way every time.
 */

// SQLSTATE classes and codes (PostgreSQL Appendix A).
const TRANSIENT_SQLSTATE_CLASSES = ['08' /* connection exception */];
const TRANSIENT_SQLSTATES: ReadonlySet<string> = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '53000', // insufficient_resources
  '53100', // disk_full
  '53200', // out_of_memory
  '53300', // too_many_connections
  '55P03', // lock_not_available
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovery)
  '57P05', // idle_session_timeout
  '58000', // system_error
  '58030', // io_error
]);

// Socket errors of the connection to the server (Node's `code`).
const TRANSIENT_SOCKET_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  // A stopped database container's name stops resolving (docker compose).
  'ENOTFOUND',
]);

// node-postgres and pg-pool raise these as plain Errors without a code.
const TRANSIENT_MESSAGES = [
  /^Connection terminated\b/i, // "… unexpectedly", "… due to connection timeout"
  /^timeout exceeded when trying to connect$/i,
  /^Client has encountered a connection error and is not queryable$/i,
  /^Client was closed and is not queryable$/i,
  /^Cannot use a pool after calling end on the pool$/i,
  /^Query read timeout$/i,
];

// TypeORM releases a query runner whose connection died (the pool client's `error` event); its
// next query then fails with this instead of the driver's error.
const TRANSIENT_NAMES: ReadonlySet<string> = new Set(['QueryRunnerAlreadyReleasedError']);

const MAX_DEPTH = 5;

/**
 * True when the error (or what it wraps: TypeORM's driverError, `cause`, an AggregateError's
 * errors) is a PostgreSQL failure that passes by itself; see the list above.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  return check(error, 0);
}

function check(error: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH || typeof error !== 'object' || error === null) return false;
  const e = error as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof e.code === 'string') {
    const code = e.code;
    // Socket codes first: EPIPE has the shape of a SQLSTATE.
    if (TRANSIENT_SOCKET_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) {
      if (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_SQLSTATE_CLASSES.includes(code.slice(0, 2))) return true;
    }
  }
  if (typeof e.name === 'string' && TRANSIENT_NAMES.has(e.name)) return true;
  if (
    typeof e.message === 'string' &&
    TRANSIENT_MESSAGES.some((pattern) => pattern.test(e.message as string))
  )
    return true;
  if (check(e.driverError, depth + 1) || check(e.cause, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.some((inner) => check(inner, depth + 1));
}

/**
 * The failure kind for a consumer whose handler writes to PostgreSQL: transient database
 * failures are retried until they pass, never dead-lettered (an outage would otherwise empty the
 * topic into its DLQ); everything else as `defaultFailureKind` decides.
 */
export function databaseFailureKind(error: unknown): FailureKind {
  return isTransientDatabaseError(error) ? 'transient' : defaultFailureKind(error);
}
