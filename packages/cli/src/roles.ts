// The roles a process can play. Each builds what it needs through the one composition root
// (openServices), starts its part and returns how to stop it cleanly.
import { buildApi } from '@kuduso/api';
import { Definitions, startAppServer } from '@kuduso/appserver';
import type { Config } from '@kuduso/core';
import { createLogger, type Logger } from '@kuduso/core/node';
import { migrate } from '@kuduso/db';
import { migrateQueue } from '@kuduso/queue';
import { openDatabase, openServices, type Services, signingSecretFor } from '@kuduso/services';
import { webBuildState } from '@kuduso/web';
import {
  createWorker,
  createWorkerMetrics,
  startMaintenance,
  startWorkerHealthServer,
  type Worker,
} from '@kuduso/worker';

import { domainCheckFor, scoreFor } from './domain-rules.ts';

export interface Running {
  urls: Record<string, string>;
  /** Set when the web UI's build is missing or stale (said to the human who started the process). */
  webNotice?: string;
  stop(): Promise<void>;
  /** The worker in this process, if any: what stop() waits for, and how to hand its jobs back at once. */
  jobs?: { running(): number; graceMs: number; handBack(): Promise<void> };
}

/** How long a stopping worker lets its running jobs finish before handing them back to the queue. */
export const WORKER_GRACE_MS = 30_000;
export const DEV_GRACE_MS = 10_000;

function jobsOf(worker: Worker, graceMs: number): Running['jobs'] {
  // A second stop() with no grace aborts the running jobs now (the worker hands them back).
  return { running: () => worker.running, graceMs, handBack: () => worker.stop(0) };
}

export async function runMigrate(config: Config, log: Logger): Promise<Running> {
  const db = await openDatabase(config, log, 'only');
  try {
    const applied = await migrate(db);
    // pg-boss's own schema and queues too, so no role races to create them on first start.
    if (config.queueBackend === 'pgboss') {
      await migrateQueue({ db, name: config.queueName, leaseSec: config.leaseSec });
    }
    log.info({ applied }, 'migrations done');
  } finally {
    await db.close();
  }
  return { urls: {}, stop: async () => {} };
}

export async function runAppServer(config: Config, log: Logger): Promise<Running> {
  const server = await startAppServer(config, log);
  return { urls: { appserver: server.url }, stop: () => server.close() };
}

/** `kuduso relay`: publishes the outbox to the broker (a no-op role for pg-boss, which needs no outbox). */
export async function runRelay(config: Config, log: Logger): Promise<Running> {
  const services = await openServices(config, 'relay', { logger: log });
  if (!services.relay) log.warn({ queue: config.queueBackend }, 'this queue backend needs no relay; idling');
  return { urls: {}, stop: () => services.close() };
}

export async function runWorker(config: Config, log: Logger, migrateFirst = false): Promise<Running> {
  const services = await openServices(config, 'worker', { logger: log, migrate: migrateFirst });
  const definitions = await Definitions.load(services.registry.list());
  const metrics = createWorkerMetrics();
  const worker = createWorker({
    ...services,
    consumer: services.consumer,
    onResult: metrics.onResult,
    onStarted: metrics.onStarted,
    scoreOf: scoreFor(definitions),
  });
  metrics.watch(worker);
  // Listening before consuming: a port that cannot be had stops the worker before it has taken a job.
  const health = await startHealth(
    { db: services.db, probe: services.probe, appServerUrl: config.appServerUrl, metrics },
    config,
    log,
  ).catch(async (e) => {
    await services.close();
    throw e;
  });
  worker.start();
  // Retention runs beside the queue consumer; `kuduso purge` (a CronJob) covers workers scaled to zero.
  const maintenance = startMaintenance({ ...services, config, logger: log });
  return {
    urls: { metrics: `${health.url}/metrics` },
    jobs: jobsOf(worker, WORKER_GRACE_MS),
    async stop() {
      await health.close();
      await maintenance.stop();
      await worker.stop(WORKER_GRACE_MS);
      await services.close();
    },
  };
}

/** The worker's default metrics port; two workers on one host get it only once (see startHealth). */
export const DEFAULT_METRICS_PORT = 9464;

/**
 * METRICS_PORT set: that port or a one-line error naming it. Unset: 9464, and when another process (a second
 * worker on this host) holds it, a free port instead, said in the log — a pod has 9464 to itself, so only
 * several workers on one machine ever see the fallback, and they should not crash for a metrics listener.
 */
async function startHealth(
  deps: Parameters<typeof startWorkerHealthServer>[0],
  config: Config,
  log: Logger,
): ReturnType<typeof startWorkerHealthServer> {
  if (config.metricsPort !== undefined) return startWorkerHealthServer(deps, config.metricsPort, config.host);
  try {
    return await startWorkerHealthServer(deps, DEFAULT_METRICS_PORT, config.host);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    const server = await startWorkerHealthServer(deps, 0, config.host);
    log.warn(
      { url: `${server.url}/metrics`, port: Number(new URL(server.url).port) },
      `port ${DEFAULT_METRICS_PORT} (worker metrics) is in use; listening on a free port instead (set METRICS_PORT to choose one)`,
    );
    return server;
  }
}

export async function runApi(
  config: Config,
  log: Logger,
  opts: { devMode?: boolean; migrate?: boolean; services?: Services } = {},
): Promise<Running & { services: Services }> {
  const services =
    opts.services ?? (await openServices(config, 'api', { logger: log, migrate: opts.migrate ?? false }));
  const web = webBuildState();
  if (web.state !== 'fresh') log.warn({ web: web.state }, web.message);
  const definitions = await Definitions.load(services.registry.list());
  const app = await buildApi(
    {
      ...services,
      config,
      logger: log,
      signingSecret: signingSecretFor(config),
      domainCheck: domainCheckFor(definitions),
    },
    {
      devMode: opts.devMode,
      web: { dir: web.dir, notice: web.state === 'fresh' ? undefined : web.message },
    },
  );
  let address: string;
  try {
    address = await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    // e.g. the port is taken: nothing this role opened may stay behind.
    await app.close();
    if (!opts.services) await services.close();
    throw e;
  }
  return {
    services,
    webNotice: web.state === 'fresh' ? undefined : web.message,
    urls: { api: address, web: `${address}/`, docs: `${address}/docs` },
    async stop() {
      await app.close();
      if (!opts.services) await services.close();
    },
  };
}

/**
 * `kuduso dev`: the three roles in one process on embedded defaults (PGlite, pg-boss on it, a blob folder).
 * The worker still calls the AppServer over HTTP, exactly as in production.
 */
export async function runDev(config: Config, _log: Logger): Promise<Running> {
  // One logger per role, as if they were three processes: the same lines, the same `role` field.
  const logFor = (role: string) => createLogger(role, config.logLevel);
  const services = await openServices(config, 'dev', { logger: logFor('dev'), migrate: true });
  try {
    const appserver = await startAppServer(config, logFor('appserver'), { services });
    const devConfig: Config = { ...config, appServerUrl: appserver.url };
    const api = await runApi(devConfig, logFor('api'), { devMode: true, services }).catch(async (e) => {
      await appserver.close();
      throw e;
    });
    const definitions = await Definitions.load(services.registry.list());
    const worker = createWorker({
      ...services,
      config: devConfig,
      logger: logFor('worker'),
      scoreOf: scoreFor(definitions),
    });
    worker.start();
    const maintenance = startMaintenance({ ...services, config, logger: logFor('worker') });
    return {
      webNotice: api.webNotice,
      urls: { ...api.urls, appserver: appserver.url },
      jobs: jobsOf(worker, DEV_GRACE_MS),
      async stop() {
        await maintenance.stop();
        await worker.stop(DEV_GRACE_MS);
        await api.stop();
        await appserver.close();
        await services.close();
      },
    };
  } catch (e) {
    await services.close();
    throw e;
  }
}
