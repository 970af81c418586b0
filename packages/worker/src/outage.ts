// Is this error the database being unavailable (down, restarting, in recovery, unreachable, timed out)
// rather than a bug? Then the worker pauses and probes instead of failing jobs or crashing.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);
const MESSAGES =
  /connection terminated|connection timeout|timeout exceeded when trying to connect|query read timeout|cannot connect|database system is (starting up|shutting down|in recovery)|Client has encountered a connection error|statement timeout/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  for (
    let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (code === 'DATABASE_UNAVAILABLE') return true;
    if (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || NETWORK_CODES.has(code)) return true;
    // 57014 is a statement timeout: the database is alive but too slow to answer in time.
    if (code === '57014') return true;
    if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
    if (e instanceof AggregateError) return e.errors.some(isDatabaseUnavailable);
  }
  return false;
}
