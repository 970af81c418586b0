// Per-tenant rate limit on submissions: a token bucket in PostgreSQL (takeRateToken), so every API process
// draws from the same bucket. Runs as a route onRequest hook, after authentication and before the body is
// read, so a flood costs one small statement per request. Headers follow draft-ietf-httpapi-ratelimit-headers.
import { KudusoError } from '@kuduso/core';
import { takeRateToken, withTenant } from '@kuduso/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiDeps } from './deps.ts';

export function rateLimitHook(deps: ApiDeps) {
  const { ratePerMin, rateBurst } = deps.config.limits;
  if (ratePerMin <= 0) return [];
  const windowSec = Math.ceil((rateBurst * 60) / ratePerMin);
  return [
    async (request: FastifyRequest, reply: FastifyReply) => {
      const tenant = request.principal.tenant_id;
      const v = await withTenant(deps.db, tenant, (tx) => takeRateToken(tx, tenant, ratePerMin, rateBurst));
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
