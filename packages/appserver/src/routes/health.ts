// Probes. /livez: the process answers. /readyz: it can do its job (the blob store takes writes, and every
// engine completes a real probe solve; see probe.ts). /health: a
// summary for people (seats, definitions).
import type { BlobStore } from '@kuduso/blob';
import { KudusoError } from '@kuduso/core';
import type { Logger } from '@kuduso/core/node';
import type { FastifyInstance } from 'fastify';
import type { Binding } from '../bindings.ts';
import { createEngineProbe } from '../probe.ts';
import type { Seats } from '../seats.ts';

export function healthRoutes(
  app: FastifyInstance,
  deps: { seats: Seats; bindings: Map<string, Binding>; blobStore: BlobStore; logger?: Logger },
): void {
  app.get('/livez', { logLevel: 'warn' }, async () => ({ status: 'ok' }));

  const probe = createEngineProbe(deps.bindings, deps.logger ?? (app.log as unknown as Logger));
  // The first verdict is on its way before anyone asks: a readiness call (the worker's, with a short
  // timeout) then answers from it instead of waiting for a first solve.
  app.addHook('onReady', async () => {
    void probe();
  });
  app.get('/readyz', { logLevel: 'warn' }, async (request) => {
    let blob = 'ok';
    try {
      await deps.blobStore.check();
    } catch (e) {
      request.log.warn({ err: e }, 'blob store not ready');
      blob = 'failed';
    }
    const engines = await probe();
    const checks = { blob, engines };
    if (blob !== 'ok' || Object.values(engines).some((v) => v !== 'ok')) {
      throw new KudusoError('NOT_READY', {
        message: blob !== 'ok' ? 'The blob store is not reachable.' : 'An engine failed its probe solve.',
        extra: { checks },
      });
    }
    return { status: 'ready', checks };
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
