// x-correlation-id is each request's Fastify id: accepted from the caller when well-formed, generated
// otherwise, echoed on the response, and so on every log line Fastify writes for the request.
import type { IncomingMessage } from 'node:http';
import { isValidCorrelationId, newId } from '@kuduso/core';
import { type FastifyServerOptions, LogController } from 'fastify';

export function correlationIdOf(req: IncomingMessage): string {
  const given = req.headers['x-correlation-id'];
  return typeof given === 'string' && isValidCorrelationId(given) ? given : newId();
}

/** Fastify options that make the request id the correlation id, logged as `correlation_id`. */
export const correlationOptions: Pick<
  FastifyServerOptions,
  'genReqId' | 'requestIdHeader' | 'logController'
> = {
  genReqId: correlationIdOf,
  requestIdHeader: false,
  logController: new LogController({ requestIdLogLabel: 'correlation_id' }),
};

declare module 'fastify' {
  interface FastifyRequest {
    correlationId: string;
  }
}

/** Echoes the id on every response and exposes it as request.correlationId. */
export function registerCorrelation(app: import('fastify').FastifyInstance): void {
  app.decorateRequest('correlationId', '');
  app.addHook('onRequest', async (request, reply) => {
    request.correlationId = request.id;
    reply.header('x-correlation-id', request.id);
  });
}
