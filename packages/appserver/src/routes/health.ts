// Probes. /livez: the process answers. /readyz: it can do its job (the blob store takes writes). /health: a
// summary for people (seats, definitions).
import type { BlobStore } from '@kuduso/blob';
import { KudusoError } from '@kuduso/core';
import type { FastifyInstance } from 'fastify';
import type { Binding } from '../bindings.ts';
import type { Seats } from '../seats.ts';

export function healthRoutes(
  app: FastifyInstance,
  deps: { seats: Seats; bindings: Map<string, Binding>; blobStore: BlobStore },
): void {
  app.get('/livez', { logLevel: 'warn' }, async () => ({ status: 'ok' }));

  app.get('/readyz', { logLevel: 'warn' }, async (request) => {
    try {
      await deps.blobStore.check();
    } catch (e) {
      request.log.warn({ err: e }, 'blob store not ready');
      throw new KudusoError('NOT_READY', {
        message: 'The blob store is not reachable.',
        extra: { checks: { blob: 'failed' } },
      });
    }
    return { status: 'ready', checks: { blob: 'ok' } };
  });

  app.get('/health', async () => {
    const seats = deps.seats.snapshot();
    return {
      status: 'ok',
      service: 'appserver',
      seats,
      definitions: [...deps.bindings.values()].map((b) => b.contract.id),
    };
  });
}
