// Per-tenant rate limit on submissions: a token bucket in PostgreSQL (takeRateTokens), so every API process
// draws from the same bucket. Runs as a route onRequest hook, after authentication and before the body is
// read. Requests of one tenant that arrive while its bucket is being read share the next take (one
// transaction for the group, as the job writer's group commit does), so a flood costs one small statement
// per group, not per request. Headers follow draft-ietf-httpapi-ratelimit-headers.
import { KudusoError } from '@kuduso/core';
import { type Db, type RateVerdict, takeRateTokens, withTenant } from '@kuduso/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiDeps } from './deps.ts';

export function rateLimitHook(deps: ApiDeps) {
  const { ratePerMin, rateBurst } = deps.config.limits;
  if (ratePerMin <= 0) return [];
  const windowSec = Math.ceil((rateBurst * 60) / ratePerMin);
  const buckets = new GroupedTakes(deps.db, ratePerMin, rateBurst);
  return [
    async (request: FastifyRequest, reply: FastifyReply) => {
      const tenant = request.principal.tenant_id;
      const v = await buckets.take(tenant);
      reply.header('ratelimit-policy', `${rateBurst};w=${windowSec}`);
      reply.header('ratelimit-limit', String(rateBurst));
      reply.header('ratelimit-remaining', String(Math.max(0, Math.floor(v.remaining))));
      reply.header('ratelimit-reset', String(Math.ceil(v.resetSec)));
      if (!v.allowed) {
        throw new KudusoError('RATE_LIMITED', {
          message: `More than ${ratePerMin} submissions a minute (bursts of ${rateBurst}) for this tenant.`,
          hint: 'Wait for Retry-After seconds.',
          retryAfterSec: v.retryAfterSec,
        });
      }
    },
  ];
}

interface Waiter {
  resolve: (v: RateVerdict) => void;
  reject: (e: unknown) => void;
}

/** One take in flight per tenant; the requests that arrive meanwhile are taken together next. */
class GroupedTakes {
  readonly #db: Db;
  readonly #perMin: number;
  readonly #burst: number;
  readonly #waiting = new Map<string, Waiter[]>();
  readonly #busy = new Set<string>();

  constructor(db: Db, perMin: number, burst: number) {
    this.#db = db;
    this.#perMin = perMin;
    this.#burst = burst;
  }

  take(tenant: string): Promise<RateVerdict> {
    return new Promise((resolve, reject) => {
      const list = this.#waiting.get(tenant) ?? [];
      list.push({ resolve, reject });
      this.#waiting.set(tenant, list);
      if (!this.#busy.has(tenant)) void this.#drain(tenant);
    });
  }

  async #drain(tenant: string): Promise<void> {
    this.#busy.add(tenant);
    try {
      for (let group = this.#waiting.get(tenant); group?.length; group = this.#waiting.get(tenant)) {
        this.#waiting.delete(tenant);
        try {
          // Serialized per tenant: two processes taking from a bucket that does not exist yet would each
          // start from a full one.
          const verdicts = await withTenant(
            this.#db,
            tenant,
            (tx) => takeRateTokens(tx, tenant, this.#perMin, this.#burst, group!.length),
            { serialize: 'rate' },
          );
          for (const [i, w] of group.entries()) w.resolve(verdicts[i]);
        } catch (e) {
          for (const w of group) w.reject(e);
        }
      }
    } finally {
      this.#busy.delete(tenant);
    }
  }
}
