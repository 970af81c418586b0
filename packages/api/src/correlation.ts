// x-correlation-id: accepted from the client when well-formed, generated otherwise, echoed on every response
// and bound to the request's logger so every line of this request carries it.
import { isValidCorrelationId, newId } from '@kuduso/core';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    correlationId: string;
  }
}

export function registerCorrelation(app: FastifyInstance): void {
  app.decorateRequest('correlationId', '');
  app.addHook('onRequest', async (request, reply) => {
    const given = request.headers['x-correlation-id'];
    const id = typeof given === 'string' && isValidCorrelationId(given) ? given : newId();
    request.correlationId = id;
    request.log = request.log.child({ correlation_id: id });
    reply.header('x-correlation-id', id);
  });
}
