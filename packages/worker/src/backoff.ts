// Retry delays: exponential from the base, capped, with jitter so a burst of failures does not come back as
// a burst of retries; a server's Retry-After is a floor, never shortened.
export { parseRetryAfter } from '@kuduso/appserver-client';

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
