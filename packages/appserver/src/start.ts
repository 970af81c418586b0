// startAppServer(): the `kuduso appserver` role (and the AppServer inside `kuduso dev`), from configuration.
import { type Config, isLoopback } from '@kuduso/core';
import type { Logger } from '@kuduso/core/node';
import { type BaseServices, openServices } from '@kuduso/services';
import { buildAppServer } from './app.ts';
import { engineNameFor } from './bindings.ts';
import { Definitions } from './definitions/load.ts';
import { createGrasshopperEngine, type GrasshopperEngineOptions } from './engines/grasshopper/index.ts';
import { type CreateEnginesOptions, createEngines } from './engines/index.ts';
import { Seats } from './seats.ts';

export interface RunningAppServer {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  close(): Promise<void>;
}

/**
 * ENGINE_OVERRIDES, plus the seed's switch: USE_COMPUTE=true runs every contract that has a
 * bindings.grasshopper section on Rhino.Compute unless ENGINE_OVERRIDES says otherwise.
 */
export function engineOverridesFor(
  config: Pick<Config, 'useCompute' | 'engineOverrides'>,
  contracts: { id: string; bindings: { engine: string; grasshopper?: unknown } }[],
): Record<string, string> {
  const out: Record<string, string> = {};
  if (config.useCompute) {
    for (const c of contracts)
      if (c.bindings.grasshopper && c.bindings.engine !== 'grasshopper') out[c.id] = 'grasshopper';
  }
  return { ...out, ...config.engineOverrides };
}

export async function startAppServer(
  config: Config,
  logger: Logger,
  options: {
    engines?: CreateEnginesOptions;
    services?: BaseServices;
    grasshopper?: Partial<GrasshopperEngineOptions>;
  } = {},
): Promise<RunningAppServer> {
  // Reachable from other machines, the AppServer must not solve for whoever asks.
  if (!config.appserverToken && !isLoopback(config.host)) {
    throw new Error(
      `APPSERVER_TOKEN is required when the AppServer binds beyond loopback (HOST=${config.host})`,
    );
  }
  // The registry and blob store come from the composition root (shared with the other roles in `kuduso dev`).
  const owned = options.services ? undefined : await openServices(config, 'appserver', { logger });
  const services = options.services ?? (owned as BaseServices);
  const { registry } = services;
  const blobStore = services.blob;
  const definitions = await Definitions.load(registry.list());
  const overrides = engineOverridesFor(config, registry.list());
  const wantsCompute = registry.list().some((c) => engineNameFor(c, overrides) === 'grasshopper');
  const extra = [...(options.engines?.extra ?? [])];
  if (wantsCompute && config.computeUrl) {
    extra.push(
      createGrasshopperEngine({
        url: config.computeUrl,
        apiKey: config.computeApiKey,
        timeoutMs: config.computeTimeoutSec * 1000,
        log: logger,
        ...options.grasshopper,
      }),
    );
  }
  const engines = createEngines(config, {
    ...options.engines,
    contracts: registry.list(),
    extra,
    // One warm thread per seat at most: a busy server never pays the thread start-up twice.
    builtin: { log: logger, maxIdleThreads: config.appserverSeats, definitions, ...options.engines?.builtin },
  });
  const seats = new Seats({ batch: config.appserverSeats, preview: config.appserverPreviewSeats });
  let app: ReturnType<typeof buildAppServer>;
  try {
    app = buildAppServer({
      registry,
      blobStore,
      logger,
      seats,
      engines,
      definitions,
      engineOverrides: overrides,
      serviceToken: config.appserverToken
        ? [config.appserverToken, ...(config.appserverTokenPrevious ? [config.appserverTokenPrevious] : [])]
        : undefined,
      preview: { cacheSize: config.appserverPreviewCache, timeoutMs: config.appserverPreviewTimeoutMs },
    });
  } catch (e) {
    await Promise.all([...engines.values()].map((en) => en.close?.()));
    throw e;
  }
  for (const engine of engines.values()) engine.warm?.();
  // Discovery does not stop start-up: Compute may still be starting; /readyz says so and looks again.
  await Promise.all(
    [...engines.values()].map((engine) =>
      engine
        .start?.(registry.list().filter((c) => engineNameFor(c, overrides) === engine.name))
        .catch((err) => logger.warn({ err, engine: engine.name }, 'engine start-up checks failed')),
    ),
  );
  const url = await app.listen({ port: config.appserverPort, host: config.host });
  logger.info(
    {
      url,
      seats: config.appserverSeats,
      preview_seats: config.appserverPreviewSeats,
      definitions: registry.list().map((c) => `${c.id}:${engineNameFor(c, overrides)}`),
      auth: Boolean(config.appserverToken),
    },
    'appserver listening',
  );
  return {
    url,
    async close() {
      await app.close();
      // What it opened itself (tracing: the spans still buffered are exported now).
      await owned?.close();
    },
  };
}
