// x-correlation-id: accepted from the client when well-formed, generated otherwise, echoed on every response.
// It is Fastify's request id, so every log line of the request (Fastify's own included) carries it.
import type { IncomingMessage } from 'node:http';
import { isValidCorrelationId, newId } from '@kuduso/core';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    correlationId: string;
  }
}

export function correlationIdOf(req: IncomingMessage): string {
  const given = req.headers['x-correlation-id'];
  return typeof given === 'string' && isValidCorrelationId(given) ? given : newId();
}

export function registerCorrelation(app: FastifyInstance): void {
  app.decorateRequest('correlationId', '');
  app.addHook('onRequest', async (request, reply) => {
    request.correlationId = request.id;
    reply.header('x-correlation-id', request.id);
  });
}
