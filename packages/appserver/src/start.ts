// startAppServer(): the `kuduso appserver` role (and the AppServer inside `kuduso dev`), from configuration.
import { type Config, isLoopback } from '@kuduso/core';
import type { Logger } from '@kuduso/core/node';
import { type BaseServices, openServices } from '@kuduso/services';
import { buildAppServer } from './app.ts';
import { type CreateEnginesOptions, createEngines } from './engines/index.ts';
import { Seats } from './seats.ts';

export interface RunningAppServer {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  close(): Promise<void>;
}

export async function startAppServer(
  config: Config,
  logger: Logger,
  options: { engines?: CreateEnginesOptions; services?: BaseServices } = {},
): Promise<RunningAppServer> {
  // Reachable from other machines, the AppServer must not solve for whoever asks.
  if (!config.appserverToken && !isLoopback(config.host)) {
    throw new Error(
      `APPSERVER_TOKEN is required when the AppServer binds beyond loopback (HOST=${config.host})`,
    );
  }
  // The registry and blob store come from the composition root (shared with the other roles in `kuduso dev`).
  const services = options.services ?? (await openServices(config, 'appserver', { logger }));
  const { registry } = services;
  const blobStore = services.blob;
  const engines = createEngines(config, {
    ...options.engines,
    // One warm thread per seat at most: a busy server never pays the thread start-up twice.
    builtin: { log: logger, maxIdleThreads: config.appserverSeats, ...options.engines?.builtin },
  });
  const seats = new Seats({ batch: config.appserverSeats });
  let app: ReturnType<typeof buildAppServer>;
  try {
    app = buildAppServer({
      registry,
      blobStore,
      logger,
      seats,
      engines,
      serviceToken: config.appserverToken
        ? [config.appserverToken, ...(config.appserverTokenPrevious ? [config.appserverTokenPrevious] : [])]
        : undefined,
    });
  } catch (e) {
    await Promise.all([...engines.values()].map((en) => en.close?.()));
    throw e;
  }
  for (const engine of engines.values()) engine.warm?.();
  const url = await app.listen({ port: config.appserverPort, host: config.host });
  logger.info(
    {
      url,
      seats: config.appserverSeats,
      definitions: registry.list().map((c) => c.id),
      auth: Boolean(config.appserverToken),
    },
    'appserver listening',
  );
  return { url, close: () => app.close() };
}
