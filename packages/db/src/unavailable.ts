// Which database errors mean "the database is not there right now" (down, restarting, in recovery, frozen,
// unreachable) rather than "this statement is wrong". The drivers turn the first kind into one catalogue error,
// DATABASE_UNAVAILABLE (503, retryable, Retry-After), so that every caller — the API's error handler, the
// worker, pg-boss's loops — sees an outage as an outage and never as a 500 or as the job's own failure.
import { KudusoError } from '@kuduso/core';

/** Seconds a 503 DATABASE_UNAVAILABLE asks the client to wait. */
export const DATABASE_RETRY_AFTER_SEC = 2;

// SQLSTATEs: 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up, in
// recovery), 57014 query_canceled (our statement_timeout), 53300 too_many_connections, 25P03
// idle_in_transaction_session_timeout; class 08 is every connection exception.
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '57014', '53300', '25P03']);

// Socket errors of a server that is gone or unreachable.
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// node-postgres reports its own timeouts and lost connections as plain Errors with only a message.
const PG_MESSAGES = [
  /^timeout exceeded when trying to connect/i,
  /^Connection terminated/i,
  /^Query read timeout/i,
  /not queryable/i,
  /^Client was closed and is not queryable/i,
];

function oneUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (SQLSTATES.has(code) || (code.length === 5 && code.startsWith('08'))) return true;
    if (SOCKET_CODES.has(code)) return true;
  }
  const message = (err as { message?: unknown }).message;
  return typeof message === 'string' && PG_MESSAGES.some((re) => re.test(message));
}

/** True when `err` (or an error it wraps, e.g. an AggregateError of several addresses) is an outage. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (depth > 4 || typeof err !== 'object' || err === null) return false;
  if (err instanceof KudusoError) return err.code === 'DATABASE_UNAVAILABLE';
  if (oneUnavailable(err)) return true;
  if (err instanceof AggregateError && err.errors.some((e) => isDatabaseUnavailable(e, depth + 1)))
    return true;
  return isDatabaseUnavailable((err as { cause?: unknown }).cause, depth + 1);
}

/** The outage as DATABASE_UNAVAILABLE (the driver's error kept as its cause); any other error unchanged. */
export function classifyDbError(err: unknown): unknown {
  if (err instanceof KudusoError || !isDatabaseUnavailable(err)) return err;
  // The driver's message (addresses, SQLSTATE) stays in the cause, for the log; clients get the catalogue's.
  return new KudusoError('DATABASE_UNAVAILABLE', { retryAfterSec: DATABASE_RETRY_AFTER_SEC, cause: err });
}
