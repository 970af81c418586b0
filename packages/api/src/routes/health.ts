// Probes. /livez: the process answers. /readyz: the database, the queue and the blob store answer too.
import { KudusoError } from '@kuduso/core';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.ts';

export async function healthRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const probe = async () => {
    const checks: Record<string, string> = {};
    const run = async (name: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
        checks[name] = 'ok';
      } catch (e) {
        checks[name] = `error: ${(e as Error).message}`;
      }
    };
    await Promise.all([
      run('database', () => deps.db.executeSql('SELECT 1')),
      run('queue', () => deps.queue.depth()),
      run('blob', () => deps.blob.check()),
    ]);
    return checks;
  };

  app.get('/livez', { schema: { tags: ['health'], summary: 'Liveness' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { tags: ['health'], summary: 'Readiness' } }, async (request) => {
    const checks = await probe();
    if (Object.values(checks).some((v) => v !== 'ok')) {
      request.log.warn({ checks }, 'not ready');
      throw new KudusoError('NOT_READY', { extra: { checks }, retryAfterSec: 1 });
    }
    return { status: 'ok', checks };
  });

  app.get(
    '/health',
    { schema: { tags: ['health'], summary: 'Health and configuration summary' } },
    async () => {
      const checks = await probe();
      return {
        status: Object.values(checks).every((v) => v === 'ok') ? 'ok' : 'degraded',
        service: 'api',
        database: deps.db.driver,
        queue: deps.queue.backend,
        blob: deps.blob.backend,
        definitions: deps.registry.list().map((c) => c.id),
        checks,
      };
    },
  );
}
