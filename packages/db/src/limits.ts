// Per-tenant limits kept in PostgreSQL, so every API process shares them: a token bucket for the
// submission rate, and the count of a tenant's queued + running jobs. Run inside withTenant().
import type { Executor } from './types.ts';

export interface RateVerdict {
  allowed: boolean;
  /** Tokens left after this request (fractional). */
  remaining: number;
  /** Seconds until the next token (0 when allowed). */
  retryAfterSec: number;
  /** Seconds until the bucket is full again. */
  resetSec: number;
}

/**
 * Takes one token from the tenant's bucket (capacity `burst`, refilled at `perMin` a minute). The row is
 * locked while it is read and written, so concurrent requests from several processes each see the other's
 * take.
 */
export async function takeRateToken(
  ex: Executor,
  tenantId: string,
  perMin: number,
  burst: number,
): Promise<RateVerdict> {
  return (await takeRateTokens(ex, tenantId, perMin, burst, 1))[0];
}

/**
 * Takes up to `n` tokens at once for `n` requests (one statement for a group of them): the first ones get a
 * token while the bucket has whole tokens, the rest are refused. Verdicts in request order.
 */
export async function takeRateTokens(
  ex: Executor,
  tenantId: string,
  perMin: number,
  burst: number,
  n: number,
): Promise<RateVerdict[]> {
  const { rows } = await ex.executeSql<{ before: number; granted: number }>(
    `WITH cur AS (
       SELECT LEAST($3::float8, COALESCE(
         (SELECT tokens + EXTRACT(EPOCH FROM clock_timestamp() - updated_at)::float8 * $2::float8 / 60
          FROM tenant_rate WHERE tenant_id = $1 FOR UPDATE),
         $3::float8)) AS t
     ), take AS (
       SELECT t, LEAST($4::int, GREATEST(0, floor(t))::int) AS g FROM cur
     )
     INSERT INTO tenant_rate AS r (tenant_id, tokens, updated_at)
     SELECT $1, t - g, clock_timestamp() FROM take
     ON CONFLICT (tenant_id) DO UPDATE SET tokens = EXCLUDED.tokens, updated_at = EXCLUDED.updated_at
     RETURNING (SELECT t FROM take) AS before, (SELECT g FROM take) AS granted`,
    [tenantId, perMin, burst, n],
  );
  const { before, granted } = rows[0];
  const perSec = perMin / 60;
  return Array.from({ length: n }, (_, i) => {
    const allowed = i < granted;
    const remaining = allowed ? before - (i + 1) : before - granted;
    return {
      allowed,
      remaining,
      retryAfterSec: allowed ? 0 : (1 - remaining) / perSec,
      resetSec: (burst - remaining) / perSec,
    };
  });
}

/** The tenant's queued + running jobs, counted up to `atMost` (enough to compare with a cap). */
export async function countActiveJobs(ex: Executor, tenantId: string, atMost: number): Promise<number> {
  const { rows } = await ex.executeSql<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT 1 FROM job WHERE tenant_id = $1 AND status IN ('queued', 'running') LIMIT $2
     ) active`,
    [tenantId, atMost],
  );
  return rows[0].n;
}

/**
 * One statement for what a group commit needs to know about a tenant: its queued jobs (up to
 * `queuedAtMost`, for fair queueing) and its queued + running jobs (up to `activeAtMost`, for the cap;
 * 0 skips it). Both bounded: an unbounded count visits every queued row, so during a burst of 10,000 jobs
 * each group commit was slower than the last.
 */
export async function countTenantJobs(
  ex: Executor,
  tenantId: string,
  queuedAtMost: number,
  activeAtMost: number,
): Promise<{ queued: number; active: number }> {
  const { rows } = await ex.executeSql<{ queued: number; active: number }>(
    `SELECT
       (SELECT count(*)::int FROM (
          SELECT 1 FROM job WHERE tenant_id = $1 AND status = 'queued' LIMIT $2) q) AS queued,
       (SELECT count(*)::int FROM (
          SELECT 1 FROM job WHERE tenant_id = $1 AND status IN ('queued', 'running') LIMIT $3) a) AS active`,
    [tenantId, queuedAtMost, activeAtMost],
  );
  return rows[0];
}
