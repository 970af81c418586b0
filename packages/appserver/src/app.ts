// buildAppServer(): the AppServer as a Fastify instance, one plugin per feature. Tested with inject() and over
// real HTTP; startAppServer() (./start.ts) wires it to configuration and a port.
import type { BlobStore } from '@kuduso/blob';
import { type ContractRegistry, KudusoError } from '@kuduso/core';
import type { Logger } from '@kuduso/core/node';
import {
  correlationOptions,
  createMetricsRegistry,
  frameworkErrorOptions,
  registerClosingGuard,
  registerCorrelation,
  registerErrorHandling,
  registerHttpMetrics,
  registerTracing,
} from '@kuduso/http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { bindContracts } from './bindings.ts';
import type { Definitions } from './definitions/load.ts';
import type { Engines } from './engines/types.ts';
import { createAppServerMetrics } from './metrics.ts';
import { definitionRoutes } from './routes/definitions.ts';
import { healthRoutes } from './routes/health.ts';
import { type PreviewOptions, previewRoutes } from './routes/preview.ts';
import { solveRoutes } from './routes/solve.ts';
import type { Seats } from './seats.ts';

export interface AppServerDeps {
  registry: ContractRegistry;
  blobStore: BlobStore;
  logger: Logger;
  seats: Seats;
  /** Engines by name; the AppServer closes them when it closes. */
  engines: Engines;
  /** APPSERVER_TOKEN: when set, solves need `authorization: Bearer <token>`. */
  /** The accepted service tokens (current first); none: no check. */
  serviceToken?: string | readonly string[];
  /** Largest body accepted at all; defaults to the largest manifest.max_payload_bytes (at least 1 MiB). */
  bodyLimit?: number;
  /** Seconds a 429 NO_FREE_SEAT asks the caller to wait (default 1). */
  retryAfterSec?: number;
  /** Definition modules (precheck, artifacts, preview...) by entry. */
  definitions?: Definitions;
  /** ENGINE_OVERRIDES: `definition@version` -> engine name. */
  engineOverrides?: Record<string, string>;
  /** The preview lane (its seats are the `preview` lane of `seats`). */
  preview?: PreviewOptions;
}

const MIB = 1024 * 1024;

/** Throws EngineBindingError when a contract names an engine that is not registered. */
export function buildAppServer(deps: AppServerDeps): FastifyInstance {
  const bindings = bindContracts(deps.registry, deps.engines, deps.engineOverrides);
  const largestPayload = Math.max(
    MIB,
    ...deps.registry
      .list()
      .map((c) => (typeof c.manifest.max_payload_bytes === 'number' ? c.manifest.max_payload_bytes : 0)),
  );
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.bodyLimit ?? largestPayload,
    ...correlationOptions,
    ...frameworkErrorOptions,
    return503OnClosing: false,
    routerOptions: { maxParamLength: 500 },
    ajv: { customOptions: { coerceTypes: false, allErrors: true, strict: false } },
  });
  registerErrorHandling(app);
  registerCorrelation(app);
  registerTracing(app);
  registerClosingGuard(app);
  const registry = createMetricsRegistry('appserver');
  registerHttpMetrics(app, registry);
  const metrics = createAppServerMetrics(registry, deps.seats);

  // Closing: running solves are aborted (503, retryable) so shutdown is prompt; then engine threads stop.
  const shutdown = new AbortController();
  app.addHook('preClose', async () => {
    shutdown.abort(
      new KudusoError('UPSTREAM_UNAVAILABLE', {
        message: 'The AppServer is shutting down.',
        retryAfterSec: 1,
      }),
    );
  });
  app.addHook('onClose', async () => {
    await Promise.all([...deps.engines.values()].map((e) => e.close?.()));
  });

  const solveDeps = {
    bindings,
    blobStore: deps.blobStore,
    seats: deps.seats,
    shutdown: shutdown.signal,
    retryAfterSec: deps.retryAfterSec,
    serviceToken: deps.serviceToken,
    definitions: deps.definitions,
    engines: deps.engines,
    metrics,
  };
  app.register(async (scope) => solveRoutes(scope, solveDeps));
  app.register(async (scope) => previewRoutes(scope, { ...solveDeps, ...deps.preview }));
  app.register(async (scope) => healthRoutes(scope, { ...solveDeps, logger: deps.logger }));
  app.register(async (scope) => definitionRoutes(scope, solveDeps));

  for (const b of bindings.values()) {
    if (!b.available)
      deps.logger.warn({ definition: b.contract.id, reason: b.reason }, 'definition unavailable');
  }
  return app;
}
