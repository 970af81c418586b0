// GET /artifacts/{key}?exp=&sig= : serves an artifact's bytes when the link's signature holds and it has not
// expired. The signature is the capability: no session is needed, and a tampered link gets 403.
import { KudusoError, verifyLink } from '@kuduso/core';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.ts';

export async function artifactRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.get<{ Params: { '*': string }; Querystring: { exp?: string; sig?: string } }>(
    '/artifacts/*',
    {
      schema: {
        tags: ['artifacts'],
        summary: 'Download an artifact through a signed link',
        querystring: {
          type: 'object',
          properties: { exp: { type: 'string' }, sig: { type: 'string' } },
        },
      },
    },
    async (request, reply) => {
      const key = request.params['*'];
      const verdict = verifyLink(
        [
          deps.signingSecret,
          ...(deps.config.signingSecretPrevious ? [deps.config.signingSecretPrevious] : []),
        ],
        key,
        request.query.exp,
        request.query.sig,
      );
      if (verdict === 'invalid') throw new KudusoError('ARTIFACT_LINK_INVALID');
      if (verdict === 'expired')
        throw new KudusoError('ARTIFACT_LINK_EXPIRED', { hint: 'Read the result again for a fresh link.' });
      let blob: Awaited<ReturnType<typeof deps.blob.get>>;
      try {
        blob = await deps.blob.get(key);
      } catch {
        blob = null;
      }
      if (!blob) throw new KudusoError('ARTIFACT_NOT_FOUND');
      const filename = key.split('/').pop() ?? 'artifact';
      return reply
        .type(blob.contentType)
        .header('content-disposition', `inline; filename="${filename.replace(/"/g, '')}"`)
        .header('cache-control', 'private, max-age=60')
        .send(Buffer.from(blob.body));
    },
  );
}
