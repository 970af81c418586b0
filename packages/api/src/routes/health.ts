// Probes. /livez: the process answers. /readyz: the database, the queue and the blob store answer too, each
// within READY_TIMEOUT_MS: a frozen database makes the probe fail on time (503 with the reason), never hang.
import { KudusoError } from '@kuduso/core';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.ts';

/** How long one readiness check may take; kept below a typical probe timeout (Kubernetes: 1 s to a few). */
export const READY_TIMEOUT_MS = 2000;

/** A check's failure as one short line: the catalogue code, and what the driver said underneath. */
function describeFailure(e: unknown): string {
  const err = e as Error & { code?: string; cause?: { code?: string; message?: string } };
  if (err instanceof KudusoError && err.cause) {
    const c = err.cause;
    return `${err.code}: ${c.code ? `${c.code} ` : ''}${c.message ?? ''}`.trim();
  }
  return err?.message ?? String(e);
}

export async function healthRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const probe = async () => {
    const checks: Record<string, string> = {};
    const run = async (name: string, fn: () => Promise<unknown>) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)),
          READY_TIMEOUT_MS,
        );
      });
      try {
        await Promise.race([fn(), timeout]);
        checks[name] = 'ok';
      } catch (e) {
        checks[name] = `error: ${describeFailure(e)}`;
      } finally {
        clearTimeout(timer);
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
      const failing = Object.entries(checks).filter(([, v]) => v !== 'ok');
      const reason = failing.map(([name, v]) => `${name} ${v}`).join('; ');
      throw new KudusoError('NOT_READY', {
        message: `Not ready: ${failing.map(([name]) => name).join(', ')} failing.`,
        extra: { checks, reason },
        retryAfterSec: 1,
      });
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
