// The roles a process can play. Each builds what it needs through the one composition root
// (openServices), starts its part and returns how to stop it cleanly.
import { buildApi } from '@kuduso/api';
import { startAppServer } from '@kuduso/appserver';
import type { Config } from '@kuduso/core';
import { createLogger, type Logger } from '@kuduso/core/node';
import { migrate } from '@kuduso/db';
import { migrateQueue } from '@kuduso/queue';
import { openDatabase, openServices, type Services, signingSecretFor } from '@kuduso/services';
import { webBuildState } from '@kuduso/web';
import { createWorker } from '@kuduso/worker';

import { domainCheck } from './domain-rules.ts';

export interface Running {
  urls: Record<string, string>;
  /** Set when the web UI's build is missing or stale (said to the human who started the process). */
  webNotice?: string;
  stop(): Promise<void>;
}

export async function runMigrate(config: Config, log: Logger): Promise<Running> {
  const db = await openDatabase(config, log, false);
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

export async function runWorker(config: Config, log: Logger, migrateFirst = false): Promise<Running> {
  const services = await openServices(config, 'worker', { logger: log, migrate: migrateFirst });
  const worker = createWorker({ ...services, consumer: services.consumer });
  worker.start();
  return {
    urls: {},
    async stop() {
      await worker.stop();
      await services.close();
    },
  };
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
  const app = await buildApi(
    { ...services, config, logger: log, signingSecret: signingSecretFor(config), domainCheck },
    {
      adminToken: process.env.ADMIN_TOKEN,
      devMode: opts.devMode,
      web: { dir: web.dir, notice: web.state === 'fresh' ? undefined : web.message },
    },
  );
  const address = await app.listen({ port: config.port, host: config.host });
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
    const api = await runApi(devConfig, logFor('api'), { devMode: true, services });
    const worker = createWorker({ ...services, config: devConfig, logger: logFor('worker') });
    worker.start();
    return {
      webNotice: api.webNotice,
      urls: { ...api.urls, appserver: appserver.url },
      async stop() {
        await worker.stop(10_000);
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
