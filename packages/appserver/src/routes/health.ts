// Probes. /livez: the process answers. /readyz: it can do its job (the blob store takes writes; every engine
// says ready — grasshopper through its own readiness, the others through a real probe solve of a tiny input
// (probe.ts); a definition that cannot run is named). /health: a summary for people (seats, definitions).
import type { BlobStore } from '@kuduso/blob';
import { KudusoError } from '@kuduso/core';
import type { Logger } from '@kuduso/core/node';
import type { FastifyInstance } from 'fastify';
import type { Binding } from '../bindings.ts';
import type { Engines } from '../engines/types.ts';
import { createEngineProbe } from '../probe.ts';
import type { Seats } from '../seats.ts';

export function healthRoutes(
  app: FastifyInstance,
  deps: {
    seats: Seats;
    bindings: Map<string, Binding>;
    blobStore: BlobStore;
    engines?: Engines;
    logger?: Logger;
  },
): void {
  app.get('/livez', { logLevel: 'warn' }, async () => ({ status: 'ok' }));

  // Engines without a readiness of their own are proven by a probe solve.
  const unprobed = new Map([...deps.bindings].filter(([, b]) => b.engine && !b.engine.readiness));
  const probe = createEngineProbe(unprobed, deps.logger ?? (app.log as unknown as Logger));
  // The first verdict is on its way before anyone asks: a readiness call (the worker's, with a short
  // timeout) then answers from it instead of waiting for a first solve.
  app.addHook('onReady', async () => {
    void probe();
  });
  app.get('/readyz', { logLevel: 'warn' }, async (request) => {
    const checks: Record<string, unknown> = {};
    let ready = true;
    try {
      await deps.blobStore.check();
      checks.blob = 'ok';
    } catch (e) {
      request.log.warn({ err: e }, 'blob store not ready');
      checks.blob = 'failed';
      ready = false;
    }
    for (const [name, verdict] of Object.entries(await probe())) {
      checks[name] = verdict === 'ok' ? { ok: true } : { ok: false, reason: `probe solve ${verdict}` };
      if (verdict !== 'ok') ready = false;
    }
    const used = new Set([...deps.bindings.values()].map((b) => b.engine).filter((e) => e !== undefined));
    for (const engine of used) {
      if (!engine.readiness) continue;
      try {
        const r = await engine.readiness();
        checks[engine.name] = r;
        if (!r.ok) ready = false;
      } catch (e) {
        checks[engine.name] = { ok: false, reason: (e as Error).message };
        ready = false;
      }
    }
    const notReady: Record<string, string> = {};
    for (const b of deps.bindings.values()) {
      const problems = b.engine?.problemsOf?.(b.contract.id);
      if (!b.available) notReady[b.contract.id] = b.reason ?? 'engine unavailable';
      else if (problems?.length) notReady[b.contract.id] = problems.join('; ');
    }
    if (Object.keys(notReady).length) checks.definitions_not_ready = notReady;
    if (!ready) {
      throw new KudusoError('NOT_READY', { message: 'The AppServer is not ready.', extra: { checks } });
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
