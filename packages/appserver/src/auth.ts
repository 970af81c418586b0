// The service token between workers and the AppServer (APPSERVER_TOKEN). Compared in constant time; never logged.
import { createHash, timingSafeEqual } from 'node:crypto';
import { KudusoError } from '@kuduso/core';
import type { FastifyRequest } from 'fastify';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** A preHandler that answers 401 unless `authorization: Bearer <token>` matches; a no-op without a token. */
export function requireServiceToken(token: string | undefined) {
  if (!token) return async () => {};
  const expected = digest(token);
  return async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    const given = typeof header === 'string' && /^Bearer /i.test(header) ? header.slice(7).trim() : undefined;
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      throw new KudusoError('UNAUTHORIZED', {
        message:
          given === undefined
            ? 'Send Authorization: Bearer <APPSERVER_TOKEN>.'
            : 'The service token is wrong.',
      });
    }
  };
}
