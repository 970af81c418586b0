// The service token between workers and the AppServer (APPSERVER_TOKEN). Compared in constant time; never logged.
import { createHash, timingSafeEqual } from 'node:crypto';
import { KudusoError } from '@kuduso/core';
import type { FastifyRequest } from 'fastify';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * A preHandler that answers 401 unless `authorization: Bearer <token>` matches one of the tokens (the current
 * one and, while a rotation is under way, APPSERVER_TOKEN_PREVIOUS); a no-op without a token.
 */
export function requireServiceToken(token: string | readonly string[] | undefined) {
  const tokens = (typeof token === 'string' ? [token] : (token ?? [])).filter(Boolean);
  if (tokens.length === 0) return async () => {};
  const expected = tokens.map(digest);
  return async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    const given = typeof header === 'string' && /^Bearer /i.test(header) ? header.slice(7).trim() : undefined;
    const got = given === undefined ? undefined : digest(given);
    // Every candidate is compared, so the time taken does not tell which one matched.
    const matched = got !== undefined && expected.map((e) => timingSafeEqual(got, e)).includes(true);
    if (!matched) {
      throw new KudusoError('UNAUTHORIZED', {
        message:
          given === undefined
            ? 'Send Authorization: Bearer <APPSERVER_TOKEN>.'
            : 'The service token is wrong.',
      });
    }
  };
}
