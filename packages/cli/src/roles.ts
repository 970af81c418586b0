// The roles a process can play. Each starts its part and returns how to stop it cleanly.
import { buildApi } from '@kuduso/api';
import { startAppServer } from '@kuduso/appserver';
import type { Config } from '@kuduso/core';
import { createLogger, type Logger } from '@kuduso/core/node';
import { migrate } from '@kuduso/db';
import { migrateQueue } from '@kuduso/queue';
import { createWorker, leaseSecFor, type Worker } from '@kuduso/worker';
import { domainCheck } from './domain-rules.ts';
import { openDatabase, openServices, signingSecretFor } from './services.ts';

export interface Running {
  urls: Record<string, string>;
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
  const db = await openDatabase(config, log, false);
  try {
    const applied = await migrate(db);
    // pg-boss's own schema and queues too, so no role races to create them on first start.
    if (config.queueBackend === 'pgboss') {
      await migrateQueue({ db, name: config.queueName, leaseSec: leaseSecFor(config) });
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

export async function runWorker(config: Config, log: Logger, migrateFirst = false): Promise<Running> {
  const services = await openServices(config, log, { migrate: migrateFirst });
  const worker = createWorker({ config, logger: log, ...services });
  worker.start();
  return {
    urls: {},
    jobs: jobsOf(worker, WORKER_GRACE_MS),
    async stop() {
      await worker.stop(WORKER_GRACE_MS);
      await services.close();
    },
  };
}

export async function runApi(
  config: Config,
  log: Logger,
  opts: { devMode?: boolean; migrate?: boolean } = {},
) {
  const services = await openServices(config, log, { migrate: opts.migrate ?? false });
  const app = await buildApi(
    { config, logger: log, signingSecret: signingSecretFor(config), domainCheck, ...services },
    { adminToken: process.env.ADMIN_TOKEN, devMode: opts.devMode },
  );
  let address: string;
  try {
    address = await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    await app.close();
    await services.close();
    throw e;
  }
  return {
    services,
    urls: { api: address, docs: `${address}/docs` },
    async stop() {
      await app.close();
      await services.close();
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
  const appserver = await startAppServer(config, logFor('appserver'));
  const devConfig: Config = { ...config, appServerUrl: appserver.url };
  let api: Awaited<ReturnType<typeof runApi>>;
  try {
    api = await runApi(devConfig, logFor('api'), { devMode: true, migrate: true });
  } catch (e) {
    // e.g. the API's port is taken: nothing of this process may stay behind.
    await appserver.close();
    throw e;
  }
  const worker = createWorker({ config: devConfig, logger: logFor('worker'), ...api.services });
  worker.start();
  return {
    urls: { ...api.urls, appserver: appserver.url },
    jobs: jobsOf(worker, DEV_GRACE_MS),
    async stop() {
      await worker.stop(DEV_GRACE_MS);
      await api.stop();
      await appserver.close();
    },
  };
}
