// Retry delays: exponential from the base, capped, with jitter so a burst of failures does not come back as
// a burst of retries; a server's Retry-After is a floor, never shortened.
export interface BackoffPolicy {
  baseSec: number;
  maxSec: number;
}

/** Seconds to wait before attempt `attempt + 1`, given `attempt` attempts so far (>= 1). */
export function retryDelaySec(
  policy: BackoffPolicy,
  attempt: number,
  retryAfterSec?: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(policy.maxSec, policy.baseSec * 2 ** Math.max(0, attempt - 1));
  const jittered = exp / 2 + (exp / 2) * random();
  return Math.max(jittered, retryAfterSec ?? 0);
}

/** Retry-After as seconds: a number of seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - now) / 1000);
}
