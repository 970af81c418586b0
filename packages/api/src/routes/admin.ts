// Dead-letter listing and replay, for principals with the admin role (a JWT role, the ADMIN_TOKEN bearer,
// or anyone in `kuduso dev`, where the whole system is on the operator's own machine); see markAdmin().
import { KudusoError } from '@kuduso/core';
import { replayDeadLetterJob } from '@kuduso/queue';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.ts';

export async function adminRoutes(app: FastifyInstance, deps: ApiDeps) {
  app.get<{ Querystring: { limit?: number } }>(
    '/admin/dead-letters',
    {
      schema: {
        tags: ['admin'],
        summary: 'Dead-lettered messages with their reasons',
        querystring: {
          type: 'object',
          properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        },
      },
    },
    async (request) => ({ dead_letters: await deps.queue.listDeadLetters(request.query.limit ?? 100) }),
  );

  app.get<{ Params: { id: string } }>(
    '/admin/dead-letters/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'One dead-lettered message with its reason',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 200 } } },
      },
    },
    async (request) => {
      const letter = await deps.queue.inspectDeadLetter(request.params.id);
      if (!letter) throw new KudusoError('NOT_FOUND', { message: 'No such dead letter.' });
      return letter;
    },
  );

  app.post<{ Params: { id: string } }>(
    '/admin/dead-letters/:id/replay',
    {
      schema: {
        tags: ['admin'],
        summary: 'Send a dead-lettered message back to the queue (its job is queued again)',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 200 } } },
      },
    },
    async (request, reply) => {
      const letter = await deps.queue.inspectDeadLetter(request.params.id);
      if (!letter) throw new KudusoError('NOT_FOUND', { message: 'No such dead letter.' });
      const ok = await replayDeadLetterJob(deps.queue, letter.id);
      if (!ok) throw new KudusoError('NOT_FOUND', { message: 'No such dead letter.' });
      request.log.info({ job_id: letter.message.job_id }, 'dead letter replayed');
      return reply.code(202).send({ replayed: true, job_id: letter.message.job_id });
    },
  );
}
