// POST /preview/{definition}:{version}: the server tier of the live preview, proxied to the AppServer's preview
// lane (its own seats, LRU cache, tight timeout). Body `{inputs, ...}` as the definition's preview expects
// (e.g. one placement: `{inputs, placement: {rotation, x, y}}`); the AppServer's answer and errors pass through.
import { postJson } from '@kuduso/appserver-client';
import { KudusoError, statusOf } from '@kuduso/core';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.ts';

const TARGET = /^([a-z][a-z0-9-]*):(\d+\.\d+\.\d+)$/;

/** The AppServer's base URL (APP_SERVER_URL may be a solve URL template; previews use its origin). */
function appServerBase(url: string): string {
  if (url.includes('{definition}'))
    return new URL(url.replace('{definition}', 'd').replace('{version}', 'v')).origin;
  return url.replace(/\/+$/, '');
}

export async function previewRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const base = appServerBase(deps.config.appServerUrl);
  app.post<{ Params: { target: string }; Body: Record<string, unknown> }>(
    '/preview/:target',
    {
      logLevel: 'warn',
      schema: {
        tags: ['preview'],
        summary: 'Evaluate one small preview synchronously (e.g. one placement), on the preview lane',
        params: {
          type: 'object',
          required: ['target'],
          properties: { target: { type: 'string', maxLength: 100, description: 'e.g. mydef:1.0.0' } },
        },
        body: { type: 'object', required: ['inputs'], properties: { inputs: { type: 'object' } } },
      },
    },
    async (request, reply) => {
      const m = TARGET.exec(request.params.target);
      if (!m || !deps.registry.get(m[1], m[2])) {
        throw new KudusoError('UNKNOWN_DEFINITION', {
          message: `No definition ${JSON.stringify(request.params.target.slice(0, 100))}.`,
          hint: 'POST /preview/{definition}:{version}; GET /definitions lists them.',
        });
      }
      const out = await postJson(`${base}/preview/${m[1]}:${m[2]}`, request.body, {
        headers: { 'x-correlation-id': String(request.id) },
        token: deps.config.appserverToken,
        timeoutMs: deps.config.appserverPreviewTimeoutMs + 1000,
      });
      if (out.kind === 'timeout') throw new KudusoError('ENGINE_TIMEOUT', { message: out.error });
      if (out.kind !== 'answer') throw new KudusoError('UPSTREAM_UNAVAILABLE', { message: out.error });
      const body = out.body as Record<string, unknown> | undefined;
      if (!body || typeof body !== 'object') {
        throw new KudusoError('UPSTREAM_UNAVAILABLE', {
          message: `The AppServer answered ${out.status} without JSON.`,
        });
      }
      if (out.status !== 200) {
        // A catalogue error from the AppServer: same code, same status here.
        const code = typeof body.code === 'string' ? body.code : 'UPSTREAM_UNAVAILABLE';
        if (out.retryAfterSec !== undefined)
          reply.header('retry-after', String(Math.ceil(out.retryAfterSec)));
        return reply.code(statusOf(code) === 500 ? 502 : out.status).send(body);
      }
      return body;
    },
  );
}
